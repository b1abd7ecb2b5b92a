// A from/to form for charts over any span the history keeps. The inputs are the browser's own
// local date-time fields (keyboard friendly); the span is checked as typed, by the same rules
// the core applies, and only applied when it is valid.
import { useState, type FormEvent } from 'react';
import { windowProblem, type MetricsWindow } from '../../../shared/metrics';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-07T14:05", the value a datetime-local input takes, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/** Epoch ms of a datetime-local value; NaN when empty or unreadable. */
export const fromLocalInput = (value: string): number =>
  value ? new Date(value).getTime() : Number.NaN;

export function CustomRange({
  value,
  onApply,
}: {
  value: MetricsWindow;
  onApply(window: MetricsWindow): void;
}) {
  const [from, setFrom] = useState(toLocalInput(value.from));
  const [to, setTo] = useState(toLocalInput(value.to));
  const [touched, setTouched] = useState(false);
  const span = { from: fromLocalInput(from), to: fromLocalInput(to) };
  const problem = windowProblem(span);
  const shown = touched ? problem : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem) onApply(span);
  };
  return (
    <form className="custom-range" onSubmit={submit} aria-label="Custom time range" noValidate>
      <TextField
        label="From"
        type="datetime-local"
        value={from}
        onChange={(e) => {
          setFrom(e.target.value);
          setTouched(true);
        }}
        error={shown?.field === 'from' ? shown.message : null}
      />
      <TextField
        label="To"
        type="datetime-local"
        value={to}
        onChange={(e) => {
          setTo(e.target.value);
          setTouched(true);
        }}
        error={shown?.field === 'to' ? shown.message : null}
      />
      <Button type="submit" size="sm" disabled={touched && problem !== null}>
        Show
      </Button>
    </form>
  );
}
