import type { ReactNode } from 'react';
import { hrefFor } from '../lib/router';
import { ButtonLink } from './Button';
import { EmptyState } from './EmptyState';
import { ArrowRightIcon } from './Icons';

/** The empty state of pages that need hosts: says why, and links to where hosts live. */
export function NoHostsYet({
  environmentName,
  icon,
  reason,
}: {
  environmentName: string;
  icon: ReactNode;
  /** Why this page needs hosts, e.g. "stacks run on the environment's Swarm". */
  reason: string;
}) {
  return (
    <EmptyState
      icon={icon}
      title={`No hosts in ${environmentName} yet`}
      actions={
        <ButtonLink href={hrefFor('hosts')} variant="primary" icon={<ArrowRightIcon size={16} />}>
          Go to Environments &amp; Hosts
        </ButtonLink>
      }
    >
      <p>
        {reason.charAt(0).toUpperCase() + reason.slice(1)}; add hosts to {environmentName} first.
      </p>
    </EmptyState>
  );
}
