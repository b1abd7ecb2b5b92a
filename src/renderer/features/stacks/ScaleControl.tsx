// Replicas as a draggable handle on a track (ARIA slider): drag, or arrows / PageUp / Home / End
// from the keyboard. The number follows the handle; the scale is committed on release (pointer
// up, or a pause after the last key press), shown at once, and undone if the core refuses.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

export function scaleMax(value: number): number {
  return Math.max(10, Math.ceil((value * 2) / 10) * 10);
}

export function ScaleControl({
  value,
  running,
  label,
  disabled = false,
  onCommit,
}: {
  /** Wanted replicas (the spec's, or the pending wish). */
  value: number;
  running: number;
  /** "Replicas of web-server_nginx". */
  label: string;
  disabled?: boolean;
  onCommit(replicas: number): void;
}) {
  const [draft, setDraft] = useState<number | null>(null);
  const [max, setMax] = useState(() => scaleMax(value));
  const trackRef = useRef<HTMLDivElement>(null);
  const keyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dragging = useRef(false);

  // The track grows with the service; it doesn't shrink under a dragging hand.
  useEffect(() => {
    if (draft === null)
      setMax((m) => Math.max(scaleMax(value), value > m ? value : Math.min(m, scaleMax(value))));
  }, [value, draft]);
  useEffect(
    () => () => {
      if (keyTimer.current) clearTimeout(keyTimer.current);
    },
    [],
  );

  const shown = draft ?? value;
  const fraction = max ? shown / max : 0;
  const runningFraction = max ? Math.min(running, max) / max : 0;

  const fromPointer = (clientX: number) => {
    const rect = trackRef.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return Math.round(f * max);
  };

  const commit = (next: number) => {
    setDraft(null);
    if (next !== value) onCommit(next);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (disabled || event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    dragging.current = true;
    (event.currentTarget.querySelector('[role="slider"]') as HTMLElement | null)?.focus();
    setDraft(fromPointer(event.clientX));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    setDraft(fromPointer(event.clientX));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    commit(fromPointer(event.clientX));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (disabled) return;
    const step =
      {
        ArrowRight: 1,
        ArrowUp: 1,
        ArrowLeft: -1,
        ArrowDown: -1,
        PageUp: 5,
        PageDown: -5,
      }[event.key] ?? null;
    let next: number | null = null;
    if (step !== null) next = shown + step;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = max;
    else if (event.key === 'Enter' && draft !== null) {
      event.preventDefault();
      if (keyTimer.current) clearTimeout(keyTimer.current);
      commit(draft);
      return;
    } else if (event.key === 'Escape' && draft !== null) {
      if (keyTimer.current) clearTimeout(keyTimer.current);
      setDraft(null);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(10_000, next));
    if (clamped > max) setMax(scaleMax(clamped));
    setDraft(clamped);
    if (keyTimer.current) clearTimeout(keyTimer.current);
    keyTimer.current = setTimeout(() => commit(clamped), 900);
  };

  return (
    <div
      className={`scale${disabled ? ' is-disabled' : ''}${draft !== null ? ' is-dragging' : ''}`}
    >
      <div
        ref={trackRef}
        className="scale__track"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          dragging.current = false;
          setDraft(null);
        }}
      >
        <div className="scale__running" style={{ width: `${runningFraction * 100}%` }} />
        <div className="scale__fill" style={{ width: `${fraction * 100}%` }} />
        <div
          className="scale__handle"
          style={{ left: `${fraction * 100}%` }}
          role="slider"
          tabIndex={disabled ? -1 : 0}
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={shown}
          aria-valuetext={`${shown} replicas${draft !== null ? ' (release to apply)' : ''}`}
          aria-disabled={disabled || undefined}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (draft !== null && !dragging.current) {
              if (keyTimer.current) clearTimeout(keyTimer.current);
              commit(draft);
            }
          }}
        />
      </div>
      <span className="scale__value tabular" aria-hidden="true">
        {shown}
      </span>
    </div>
  );
}
