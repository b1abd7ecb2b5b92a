import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { Spinner } from './Spinner';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

interface CommonProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
  icon?: ReactNode;
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, CommonProps {
  /** Shows a spinner and blocks clicks while an action runs; the label stays for its width. */
  busy?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

function classes(variant: ButtonVariant, size: ButtonSize, extra?: string): string {
  return ['btn', `btn--${variant}`, `btn--${size}`, extra].filter(Boolean).join(' ');
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  busy = false,
  type = 'button',
  disabled,
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={classes(variant, size, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <Spinner size={14} /> : icon}
      {children !== undefined && children !== null ? (
        <span className="btn__label">{children}</span>
      ) : null}
    </button>
  );
}

export interface ButtonLinkProps extends AnchorHTMLAttributes<HTMLAnchorElement>, CommonProps {}

/** A link (it navigates) that looks like a button. */
export function ButtonLink({
  variant = 'secondary',
  size = 'md',
  icon,
  className,
  children,
  ...rest
}: ButtonLinkProps) {
  return (
    <a className={classes(variant, size, className)} {...rest}>
      {icon}
      <span className="btn__label">{children}</span>
    </a>
  );
}

/** A small quiet button in a table row's actions; `danger` for one that removes. */
export function RowButton({
  danger = false,
  ...rest
}: Omit<ButtonProps, 'size' | 'variant' | 'className'> & { danger?: boolean }) {
  return (
    <Button
      size="sm"
      variant="ghost"
      className={danger ? 'btn--danger-text' : undefined}
      {...rest}
    />
  );
}
