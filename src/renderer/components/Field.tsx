import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type TextareaHTMLAttributes,
} from 'react';

interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
}

function describedBy(hintId: string | undefined, errorId: string | undefined): string | undefined {
  return [errorId, hintId].filter(Boolean).join(' ') || undefined;
}

function Frame({
  id,
  label,
  hint,
  hintId,
  error,
  errorId,
  optional,
  children,
}: FieldFrameProps & {
  id: string;
  hintId: string;
  errorId: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional">optional</span> : null}
      </label>
      {children}
      {/* The error replaces the hint while it stands (they often say the same thing). */}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps
  extends FieldFrameProps, Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled text input; the error and hint are tied to it with aria-describedby. */
/** Ids tying a control to its label frame: the error replaces the hint for screen readers. */
function useFieldWiring({ label, hint, error, optional }: FieldFrameProps) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  const hintId = hint && !error ? `${id}-hint` : undefined;
  return {
    frame: { id, label, hint, hintId: `${id}-hint`, error, errorId: `${id}-error`, optional },
    control: {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy(hintId, errorId),
    },
  };
}

export function TextField({ label, hint, error, optional, inputRef, ...input }: TextFieldProps) {
  const { frame, control } = useFieldWiring({ label, hint, error, optional });
  return (
    <Frame {...frame}>
      <input ref={inputRef} className="input" {...control} {...input} />
    </Frame>
  );
}

export interface TextAreaFieldProps
  extends FieldFrameProps, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {}

export function TextAreaField({ label, hint, error, optional, ...textarea }: TextAreaFieldProps) {
  const { frame, control } = useFieldWiring({ label, hint, error, optional });
  return (
    <Frame {...frame}>
      <textarea className="input input--multiline" {...control} {...textarea} />
    </Frame>
  );
}
