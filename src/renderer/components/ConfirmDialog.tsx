import { useRef, type ReactNode } from 'react';
import { useSubmit } from '../lib/useSubmit';
import { Alert } from './Alert';
import { Button } from './Button';
import { Dialog } from './Dialog';

/**
 * "Delete X?": an alert dialog whose Cancel has the focus, running `onConfirm` with the button
 * busy; a failure stays in the dialog (titled `errorTitle`), success closes it.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  errorTitle,
  onConfirm,
  onClose,
  children,
}: {
  title: ReactNode;
  confirmLabel: string;
  errorTitle: string;
  onConfirm(): Promise<void>;
  onClose(): void;
  children: ReactNode;
}) {
  const { busy, error, run } = useSubmit();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirm = () =>
    run(async () => {
      await onConfirm();
      onClose();
    });
  return (
    <Dialog
      open
      role="alertdialog"
      onClose={onClose}
      busy={busy}
      initialFocus={cancelRef}
      title={title}
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {error ? <Alert title={errorTitle}>{error}</Alert> : null}
      {children}
    </Dialog>
  );
}
