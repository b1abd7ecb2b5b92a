// Request handlers: thin glue from the contract to the services. State changes publish the new
// state so every open window updates without asking.
import type { AuditTargets, Handlers } from '../rpc/dispatcher.js';
import type { Services } from './core.js';
import { stackAuditTargets, stackHandlers } from '../stacks/handlers.js';
import { containerAuditTargets, containerHandlers } from '../containers/handlers.js';
import { alertAuditTargets, alertHandlers } from '../alerts/handlers.js';
import { registryAuditTargets, registryHandlers } from '../registries/handlers.js';
import { metricsHandlers } from '../metrics/handlers.js';
import { backupHandlers } from '../backup/handlers.js';
import {
  accessAuditTargets,
  accessHandlers,
  sessionAuditTargets,
  sessionHandlers,
} from '../access/handlers.js';
import { firstRunHandlers } from '../firstrun/handlers.js';
import { pruneAudit } from '../audit/retention.js';
import { auditRetentionDays } from '../settings/repository.js';

export function createHandlers(s: Services): Handlers {
  const environmentsChanged = () => s.events.publish('env.changed', s.environments.list());
  return {
    'app.info': () => s.info,
    'env.list': () => s.environments.list(),
    'env.create': ({ name, description }) => {
      const created = s.environments.create(name, description);
      environmentsChanged();
      return created;
    },
    'env.update': ({ id, ...changes }) => {
      const updated = s.environments.update(id, changes);
      environmentsChanged();
      return updated;
    },
    'env.remove': ({ id }) => {
      s.environments.remove(id);
      environmentsChanged();
      return null;
    },
    'host.list': ({ environmentId }) => s.hosts.list(environmentId),
    'host.probe': (args) => s.hostService.probe(args),
    'host.add': (args) => s.hostService.add(args),
    'host.remove': async ({ id, operationId }) => {
      await s.hostService.remove(id, operationId);
      return null;
    },
    'host.label': ({ id, set, remove }) => s.hostService.label(id, set, remove),
    'host.setRole': ({ id, role }) => s.hostService.setRole(id, role),
    'host.setAvailability': ({ id, availability }) =>
      s.hostService.setAvailability(id, availability),
    'host.repin': ({ id, hostKey }) => s.hostService.repin(id, hostKey),
    'host.preflight': ({ id }) => s.hostService.rerunPreflight(id),
    'env.cluster': ({ environmentId }) => s.hostService.cluster(environmentId),
    ...stackHandlers(s.stacks, s.settings, (ctx, environmentId) =>
      s.access.grant(ctx.principal, environmentId)?.role === 'restricted'
        ? { allowedBindPaths: s.settings.bindPaths(environmentId) }
        : undefined,
    ),
    ...containerHandlers(s.containers, s.hosts, s.swarm),
    ...alertHandlers(s.alerts, s.settings, s.environments, s.events),
    ...registryHandlers(s.registries),
    'lb.list': ({ environmentId, stack }) => s.lbs.list(environmentId, stack),
    ...metricsHandlers(s.metrics, s.hosts),
    'audit.list': ({ limit, beforeId, principal }) => s.audit.list(limit, beforeId, principal),
    'access.me': (_args, { principal }) => ({
      name: principal.name,
      user: principal.kind === 'user',
      siteAdmin: s.access.isSiteAdmin(principal),
    }),
    'audit.verify': () => {
      const result = s.audit.verify();
      return {
        ok: result.ok,
        rows: result.rows,
        brokenAt: result.ok ? null : result.id,
        message: result.ok
          ? `All ${result.rows} rows verify: none changed, inserted or deleted since written`
          : result.message,
        prunedThrough: s.audit.anchor()?.throughId ?? null,
      };
    },
    ...backupHandlers(s.backups),
    ...sessionHandlers(s.sessions, s.users, s.access),
    ...firstRunHandlers(s),
    ...accessHandlers(s.users),
    'settings.get': () => s.settings.get(),
    'settings.update': (patch, ctx) => {
      const settings = s.settings.update(patch);
      s.events.publish('settings.changed', settings);
      // A shorter retention applies at once, not at the next scheduled prune.
      if (patch.auditRetentionDays !== undefined) {
        pruneAudit({
          log: s.audit,
          days: () => auditRetentionDays(settings),
          shell: ctx.shell,
          appended: (entry) => s.events.publish('audit.appended', entry),
        });
      }
      return settings;
    },
  };
}

export function auditTargets(s: Services): AuditTargets {
  const environmentName = (id: number) => s.environments.get(id).name;
  const hostName = (id: number) => s.hosts.get(id).name;
  return {
    'env.create': ({ name }) => name,
    'env.update': ({ id }) => environmentName(id),
    'env.remove': ({ id }) => environmentName(id),
    'settings.update': () => 'settings',
    'host.add': ({ name, address, port }) => name ?? `${address}${port ? `:${port}` : ''}`,
    'host.remove': ({ id }) => hostName(id),
    'host.label': ({ id }) => hostName(id),
    'host.setRole': ({ id }) => hostName(id),
    'host.repin': ({ id }) => hostName(id),
    'host.preflight': ({ id }) => hostName(id),
    'lab.start': ({ environmentId }) => `lab hosts into ${environmentName(environmentId)}`,
    ...stackAuditTargets,
    ...containerAuditTargets(s.hosts),
    ...alertAuditTargets(s.alerts, s.environments),
    ...registryAuditTargets(s.registryStore),
    ...sessionAuditTargets(s.sessions),
    ...accessAuditTargets,
    'member.set': ({ environmentId, user, role, stacks }) =>
      `${user}@${environmentName(environmentId)}: ${role}${stacks ? ` on ${stacks}` : ''}`,
    'member.remove': ({ environmentId, user }) => `${user}@${environmentName(environmentId)}`,
  };
}
