import type { ReactNode } from 'react';
import type { LoadStatus } from '../stores/status';
import { Alert } from './Alert';
import { Button } from './Button';

/**
 * Shows placeholder rows while a store loads for the first time, the error with a retry when
 * that failed, and the children once data is there.
 */
export function LoadState({
  status,
  error,
  what,
  onRetry,
  rows = 3,
  children,
}: {
  status: LoadStatus;
  error: string | null;
  /** "hosts", "the audit log": completes "Couldn't load …". */
  what: string;
  onRetry(): void;
  rows?: number;
  children: ReactNode;
}) {
  if (status === 'error') {
    return (
      <div className="load-state">
        <Alert
          title={`Couldn’t load ${what}`}
          actions={
            <Button size="sm" onClick={onRetry}>
              Retry
            </Button>
          }
        >
          {error}
        </Alert>
      </div>
    );
  }
  if (status !== 'ready') {
    return (
      <div className="load-state" aria-busy="true" aria-label={`Loading ${what}`}>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton" />
        ))}
      </div>
    );
  }
  return <>{children}</>;
}
