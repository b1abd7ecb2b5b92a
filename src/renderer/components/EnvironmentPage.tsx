import type { ReactNode } from 'react';
import { EnvironmentEyebrow } from './EnvironmentEyebrow';
import { PageHeader } from './PageHeader';

/** A page about the current environment: its name above the title, then the page itself. */
export function EnvironmentPage({
  title,
  description,
  actions,
  className,
  children,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
  /** Besides `page`: `page--fill` for a page whose list fills the window. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <PageHeader
        eyebrow={<EnvironmentEyebrow />}
        title={title}
        description={description}
        actions={actions}
      />
      {children}
    </div>
  );
}
