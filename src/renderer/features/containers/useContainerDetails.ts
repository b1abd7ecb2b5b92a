// A container's inspect for its page, read again whenever the live list says it changed (state,
// start, status); the last answer stays shown meanwhile, so nothing jumps.
import { useEffect, useState } from 'react';
import type { ContainerDetails } from '../../../shared/container-details';
import type { ContainerSummary } from '../../../shared/types';
import { api } from '../../lib/api';
import { errorMessage, errorCode } from '../../lib/errors';

export interface DetailsState {
  details: ContainerDetails | null;
  error: string | null;
  /** The engine said there is no such container (404). */
  gone: boolean;
}

export function useContainerDetails(
  environmentId: number | undefined,
  hostId: number,
  containerId: string,
  summary: ContainerSummary | undefined,
): DetailsState {
  const [state, setState] = useState<DetailsState>({ details: null, error: null, gone: false });
  const version = summary ? `${summary.state}/${summary.status}/${summary.startedAt}` : '';
  useEffect(() => {
    if (environmentId === undefined) return;
    let live = true;
    api.invoke('container.inspect', { environmentId, hostId, id: containerId }).then(
      (details) => live && setState({ details, error: null, gone: false }),
      (error: unknown) =>
        live &&
        setState((s) => ({
          details: s.details,
          error: errorMessage(error),
          gone: errorCode(error) === 'NOT_FOUND',
        })),
    );
    return () => {
      live = false;
    };
  }, [environmentId, hostId, containerId, version]);
  return state;
}
