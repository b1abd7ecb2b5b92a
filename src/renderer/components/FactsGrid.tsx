import type { ReactNode } from 'react';
import './facts-grid.css';

/** Facts as small-caps labels over values, in as many columns as fit. */
export function FactsGrid({ items, testId }: { items: [string, ReactNode][]; testId?: string }) {
  return (
    <dl className="facts-grid" data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label} className="facts-grid__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
