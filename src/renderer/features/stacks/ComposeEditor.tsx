// A compose document in a plain textarea with a line-number gutter. Lines with errors are marked
// in the gutter; `jumpTo` selects a line and scrolls it into view. No editor dependency.
import {
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from 'react';

export interface ComposeEditorHandle {
  jumpTo(line: number, column?: number | null): void;
}

const LINE_HEIGHT = 20;

export function ComposeEditor({
  value,
  onChange,
  readOnly = false,
  errorLines = [],
  label,
  id,
  describedBy,
  ref,
  minLines = 18,
  maxHeight = 520,
}: {
  value: string;
  onChange?(value: string): void;
  readOnly?: boolean;
  errorLines?: readonly number[];
  /** Accessible name of the text area. */
  label: string;
  id?: string;
  describedBy?: string;
  ref?: Ref<ComposeEditorHandle>;
  minLines?: number;
  maxHeight?: number;
}) {
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const lineCount = useMemo(() => value.split('\n').length, [value]);
  const errors = useMemo(() => new Set(errorLines), [errorLines]);

  useImperativeHandle(ref, () => ({
    jumpTo(line, column) {
      const area = areaRef.current;
      if (!area) return;
      const lines = area.value.split('\n');
      const target = Math.min(Math.max(1, line), lines.length);
      let offset = 0;
      for (let i = 0; i < target - 1; i += 1) offset += lines[i]!.length + 1;
      const lineText = lines[target - 1] ?? '';
      const start = offset + Math.min(Math.max(0, (column ?? 1) - 1), lineText.length);
      area.focus();
      area.setSelectionRange(start, offset + lineText.length);
      area.scrollTop = Math.max(0, (target - 1) * LINE_HEIGHT - area.clientHeight / 3);
      setScrollTop(area.scrollTop);
    },
  }));

  // Tab indents by two spaces (compose files are YAML); Esc then Tab leaves the field.
  const escaped = useRef(false);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (readOnly) return;
    if (event.key === 'Escape') {
      escaped.current = true;
      return;
    }
    if (event.key === 'Tab' && !event.shiftKey && !escaped.current) {
      event.preventDefault();
      const area = event.currentTarget;
      const { selectionStart, selectionEnd } = area;
      const next = `${area.value.slice(0, selectionStart)}  ${area.value.slice(selectionEnd)}`;
      onChange?.(next);
      requestAnimationFrame(() => area.setSelectionRange(selectionStart + 2, selectionStart + 2));
      return;
    }
    escaped.current = false;
  };

  const height = Math.min(maxHeight, Math.max(minLines, lineCount + 1) * LINE_HEIGHT + 16);

  return (
    <div
      className={`compose-editor${readOnly ? ' compose-editor--readonly' : ''}`}
      style={{ height }}
    >
      <div className="compose-editor__gutter" aria-hidden="true">
        <div style={{ transform: `translateY(${-scrollTop}px)` }}>
          {Array.from({ length: lineCount }, (_, i) => (
            <div
              key={i}
              className={`compose-editor__number${errors.has(i + 1) ? ' is-error' : ''}`}
            >
              {i + 1}
            </div>
          ))}
        </div>
      </div>
      <textarea
        ref={areaRef}
        id={id}
        className="compose-editor__text"
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        aria-label={label}
        aria-describedby={describedBy}
        aria-invalid={errorLines.length ? true : undefined}
        onChange={(e) => onChange?.(e.target.value)}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
