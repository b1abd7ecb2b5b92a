import type { ReactNode } from 'react';
import { ButtonLink } from './Button';
import { ArrowLeftIcon } from './Icons';

/** The way back from a detail page to its list, above the page's title. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <ButtonLink href={href} variant="ghost" size="sm" icon={<ArrowLeftIcon size={14} />}>
      {children}
    </ButtonLink>
  );
}
