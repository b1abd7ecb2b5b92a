import { useId, type FormEvent, type ReactNode } from 'react';
import { Alert } from './Alert';
import { Button } from './Button';
import { Dialog, type DialogSize } from './Dialog';

/** A dialog holding one form: Cancel and a submit button in the footer, the form's error on top. */
export function FormDialog({
  title,
  description,
  size,
  busy,
  submitLabel,
  submitDisabled,
  error,
  errorTitle,
  onSubmit,
  onClose,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  size?: DialogSize;
  busy: boolean;
  submitLabel: string;
  /** Nothing to submit yet (e.g. the current values are still loading). */
  submitDisabled?: boolean;
  error: string | null;
  errorTitle: string;
  onSubmit(event: FormEvent): void;
  onClose(): void;
  children: ReactNode;
}) {
  const formId = useId();
  return (
    <Dialog
      open
      onClose={onClose}
      busy={busy}
      size={size}
      title={title}
      description={description}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            busy={busy}
            disabled={submitDisabled}
          >
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={onSubmit} noValidate>
        {error ? <Alert title={errorTitle}>{error}</Alert> : null}
        {children}
      </form>
    </Dialog>
  );
}
