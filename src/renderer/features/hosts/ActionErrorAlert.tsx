import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import type { HostActionError } from './useHostActions';

/** A host action that failed, said until the user dismisses it (host card and host page). */
export function ActionErrorAlert({
  error,
  onDismiss,
}: {
  error: HostActionError;
  onDismiss(): void;
}) {
  return (
    <Alert
      title={error.title}
      actions={
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      }
    >
      {error.message}
    </Alert>
  );
}
