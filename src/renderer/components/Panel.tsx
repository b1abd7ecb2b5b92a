import type { ReactNode } from 'react';

/** A titled surface that groups one topic on a page. */
export function Panel({
  title,
  titleId,
  description,
  actions,
  children,
  flush = false,
  id,
  headingLevel = 2,
}: {
  title: ReactNode;
  titleId?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  /** No inner padding: for tables and lists that run edge to edge. */
  flush?: boolean;
  id?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="panel" id={id} aria-labelledby={titleId}>
      <div className="panel__header">
        <div className="panel__heading">
          <Heading id={titleId} className="panel__title" tabIndex={-1}>
            {title}
          </Heading>
          {description ? <p className="panel__description">{description}</p> : null}
        </div>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </div>
      <div className={flush ? 'panel__body panel__body--flush' : 'panel__body'}>{children}</div>
    </section>
  );
}
