// Hosts for the contract and the core: probe, add, remove, label, promote or demote, drain or activate, re-pin,
// re-run the preflight, refresh facts and summarize the cluster. Each operation lives in a file of
// its own (host-target.ts, host-add.ts, host-remove.ts, host-node.ts, host-refresh.ts) over one
// HostContext; this class is the face the handlers call.
import type { ClusterSummary, Host, HostAddResult, HostProbe } from '../../shared/types.js';
import { addHost, type AddArgs } from './host-add.js';
import { hostContext, type HostContext, type HostServiceDeps } from './host-context.js';
import { labelHost, setHostAvailability, setHostRole } from './host-node.js';
import { clusterSummary, refreshHost, repinHost, rerunPreflight } from './host-refresh.js';
import { removeHost } from './host-remove.js';
import { probeHost, type ProbeArgs } from './host-target.js';

export class HostService {
  private readonly ctx: HostContext;

  constructor(d: HostServiceDeps) {
    this.ctx = hostContext(d);
  }

  probe(args: ProbeArgs): Promise<HostProbe> {
    return probeHost(this.ctx, args);
  }

  add(args: AddArgs): Promise<HostAddResult> {
    return addHost(this.ctx, args);
  }

  remove(id: number, operationId?: string): Promise<void> {
    return removeHost(this.ctx, id, operationId);
  }

  label(id: number, set: Record<string, string>, remove: string[]): Promise<Host> {
    return labelHost(this.ctx, id, set, remove);
  }

  setRole(id: number, role: 'manager' | 'worker'): Promise<Host> {
    return setHostRole(this.ctx, id, role);
  }

  setAvailability(id: number, availability: 'active' | 'drain'): Promise<Host> {
    return setHostAvailability(this.ctx, id, availability);
  }

  repin(id: number, hostKey: string): Host {
    return repinHost(this.ctx, id, hostKey);
  }

  rerunPreflight(id: number): Promise<Host> {
    return rerunPreflight(this.ctx, id);
  }

  refresh(id: number): Promise<void> {
    return refreshHost(this.ctx, id);
  }

  cluster(environmentId: number): Promise<ClusterSummary> {
    return clusterSummary(this.ctx, environmentId);
  }
}
