// What the alerts list and an alert's details both do: link to the subject, acknowledge.
import type { Alert } from '../../../shared/alerts';
import { hostHref, hrefFor } from '../../lib/router';
import { errorMessage } from '../../lib/errors';
import { useAlerts } from '../../stores/alerts';
import { toast } from '../../stores/toasts';
import { stackHref } from '../stacks';

/** Where an alert's subject is shown: its host's page, its stack, or the containers. */
export function subjectHref(alert: Alert): string {
  if (alert.subject.type === 'host' && /^\d+$/.test(alert.subject.id))
    return hostHref(Number(alert.subject.id));
  if (alert.subject.type === 'host' || alert.subject.type === 'swarm') return hrefFor('hosts');
  if (alert.subject.stack) return stackHref(alert.subject.stack);
  return hrefFor('containers');
}

export async function acknowledge(ids: number[]): Promise<void> {
  try {
    await useAlerts.getState().acknowledge(ids);
  } catch (error) {
    toast({ tone: 'error', title: 'Couldn’t acknowledge', body: errorMessage(error) });
  }
}
