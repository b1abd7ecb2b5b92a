// Parts loaded when first shown (charts, the topology graph, terminals): the first screen carries
// only what it shows. Until the part's code has arrived, a line says what is coming.
import { Suspense, type ReactNode } from 'react';
import { Spinner } from './Spinner';
import './deferred.css';

export function Deferred({ what, children }: { what: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="deferred" role="status">
          <Spinner size={16} /> Loading {what}…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}
