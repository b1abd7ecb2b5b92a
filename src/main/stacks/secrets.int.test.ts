// A secret whose content comes from a variable (compose-spec `environment:`, what the templates'
// passwords become) on a real one-node Swarm: the container reads the value from /run/secrets;
// neither the stored document, nor the version's variables, nor the audit log hold it; a rollback
// without the value keeps the secret (and, like any redeploy of the same document, changes no
// service: kernel options included); a new stack without it is refused clearly.
// Hosts: DROVER_SECRETS_HOSTS (an index into lab.json, default "0").
import { describe, expect, it } from 'vitest';
import { testerContext as ctx } from '../../../e2e/support/core';
import { labSsh, pickHosts, readLab, type LabHost } from '../../../e2e/support/lab';
import { labCore } from '../../../e2e/support/lab-core';
import type { Core } from '../core/core';

const lab = readLab();
const [host] = pickHosts(lab, 'DROVER_SECRETS_HOSTS', 1) as [LabHost];
const KEY = 'k3y$with "quotes"';
let core: Core;
let environmentId: number;

const compose = `services:
  app:
    image: ${lab.images.whoami}
    environment:
      API_KEY_FILE: /run/secrets/api_key
    secrets: [api_key]
    cap_add: [net_admin]
    cap_drop: [MKNOD]
    sysctls: [net.core.somaxconn=1024]
    ulimits:
      nofile: { soft: 1000, hard: 2000 }
secrets:
  api_key:
    environment: API_KEY
`;

const secretIds = () => labSsh(lab, host, "docker secret ls --format '{{.Name}} {{.ID}}'").trim();

labCore(lab, [host], {
  name: 'drover-secrets-int-',
  ready: (session) => {
    ({ core, environmentId } = session);
  },
});

describe('secrets from a variable', () => {
  it('hands the value to the container and keeps it nowhere else', async () => {
    const deployed = await core.call(
      'stack.deploy',
      { environmentId, name: 'vault', compose, env: { API_KEY: KEY } },
      ctx,
    );
    expect(deployed.converged).toBe(true);
    const container = labSsh(
      lab,
      host,
      'docker ps -q --filter label=com.docker.swarm.service.name=vault_app | head -1',
    ).trim();
    expect(labSsh(lab, host, `docker exec ${container} cat /run/secrets/api_key`)).toBe(KEY);

    const stored = core.services.db
      .prepare('SELECT compose, env_json FROM stack_versions')
      .all() as { compose: string; env_json: string }[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('k3y');
    const audit = await core.call('audit.list', { limit: 5 }, ctx);
    expect(JSON.stringify(audit)).not.toContain('k3y');
  });

  it('rolls back without the value, keeping the secret', async () => {
    const before = secretIds();
    const rolled = await core.call(
      'stack.rollback',
      { environmentId, name: 'vault', version: 1 },
      ctx,
    );
    expect(rolled.converged).toBe(true);
    expect(rolled.unchanged).toContainEqual({ kind: 'secret', name: 'vault_api_key' });
    expect(rolled.unchanged).toContainEqual({ kind: 'service', name: 'vault_app' });
    expect(rolled.updated).toEqual([]);
    expect(secretIds()).toBe(before);
    const history = await core.call('stack.history', { environmentId, name: 'vault' }, ctx);
    expect(history.map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses a new stack whose secret has no value, changing nothing', async () => {
    const deploy = core.call('stack.deploy', { environmentId, name: 'vault2', compose }, ctx);
    await expect(deploy).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining(
        'secret vault2_api_key takes its content from the variable API_KEY, which is not set',
      ),
    });
    expect(labSsh(lab, host, "docker service ls --format '{{.Name}}'")).not.toContain('vault2');
  });
});
