// Contract handlers for the first run; spread into the core's handler table.
import type { Handlers } from '../rpc/dispatcher.js';
import type { EventBus } from '../events/bus.js';
import type { HostRepository } from '../hosts/repository.js';
import type { HostService } from '../hosts/service.js';
import { startLab } from './lab-start.js';
import { firstRunOffer, labPlaces } from './offer.js';

type FirstRunHandlers = Pick<Handlers, 'firstRun.offer' | 'lab.start'>;

export function firstRunHandlers(deps: {
  events: EventBus;
  hosts: HostRepository;
  hostService: HostService;
}): FirstRunHandlers {
  return {
    'firstRun.offer': () => firstRunOffer(labPlaces()),
    'lab.start': (args) => startLab({ ...deps, places: labPlaces() }, args),
  };
}
