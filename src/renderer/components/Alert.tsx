import type { ReactNode } from 'react';
import { AlertIcon, CheckCircleIcon, InfoIcon } from './Icons';

export type AlertTone = 'error' | 'warn' | 'info' | 'ok';

/**
 * An inline message next to the action it concerns. Errors are announced (role="alert");
 * others are polite.
 */
export function Alert({
  tone = 'error',
  title,
  children,
  actions,
  id,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  const Icon = tone === 'ok' ? CheckCircleIcon : tone === 'info' ? InfoIcon : AlertIcon;
  return (
    <div id={id} className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon size={16} className="icon alert__icon" />
      <div className="alert__content">
        {title ? <p className="alert__title">{title}</p> : null}
        {children ? <div className="alert__body">{children}</div> : null}
      </div>
      {actions ? <div className="alert__actions">{actions}</div> : null}
    </div>
  );
}
