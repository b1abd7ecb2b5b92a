import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'error' | 'info';

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A coloured dot followed by its label; the label carries the meaning, not the colour. */
export function StatusDot({
  tone,
  label,
  pulse = false,
}: {
  tone: Tone;
  label: ReactNode;
  pulse?: boolean;
}) {
  return (
    <span className="status">
      <span className={`status__dot status__dot--${tone}${pulse ? ' status__dot--pulse' : ''}`} />
      <span className="status__label">{label}</span>
    </span>
  );
}
