// The changed fields of one planned update: "Image  nginx:1.25 → nginx:1.27". Long values are cut
// in the middle; hovering shows the whole value, and a click (or Enter) shows it in place.
import { useState } from 'react';
import { shortValue, type FieldValueChange } from '../../../shared/plan-values';

export function PlanValues({ values }: { values: FieldValueChange[] }) {
  if (!values.length) return null;
  return (
    <dl className="plan-values">
      {values.map((v, i) => (
        <div key={`${v.label}:${i}`} className="plan-values__row">
          <dt>{v.label}</dt>
          <dd>
            <Value text={v.before} side="before" />
            <span className="plan-values__arrow" aria-label="changes to">
              →
            </span>
            <Value text={v.after} side="after" />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ text, side }: { text: string | null; side: 'before' | 'after' }) {
  const [open, setOpen] = useState(false);
  const className = `plan-values__value plan-values__value--${side} mono`;
  if (text === null)
    return <span className={`${className} plan-values__value--unset`}>not set</span>;
  const short = shortValue(text);
  if (short === text) return <span className={className}>{text}</span>;
  return (
    <button
      type="button"
      className={`${className} plan-values__value--long`}
      title={text}
      aria-expanded={open}
      onClick={() => setOpen(!open)}
    >
      {open ? text : short}
    </button>
  );
}
