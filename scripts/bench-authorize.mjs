// Authorization cost per request: the same dispatch (metrics.series of a stack, a real SQLite-backed core) as a
// member with a token (authorize + list filter) and as the local admin (authorization's fast
// path), measured in the same run. Prints p50/p99 per request and the added p99.
// Run after `npm run build:node`: node scripts/bench-authorize.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Where the compiled core is: dist/ after npm run build:node, or DROVER_DIST. */
const dist = process.env.DROVER_DIST ?? path.resolve(import.meta.dirname, '..', 'dist');
const { createCore } = require(`${dist}/main/core/core.js`);
const { principalContext } = require(`${dist}/main/rpc/context.js`);

const N = 20_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drover-bench-'));
const core = createCore({
  dataDir: dir,
  shell: 'web',
  passwordCost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
});
try {
  const dev = core.services.environments.create('dev', '').id;
  const user = await core.services.users.add('bench', 'long enough password');
  core.services.users.setMembership(user.id, dev, 'restricted', 'shop-*');
  const member = principalContext(
    {
      kind: 'user',
      userId: user.id,
      name: 'bench',
      siteAdmin: false,
      token: { id: 1, environmentIds: [dev], roleCeiling: 'read-only' },
    },
    'web',
  );
  const admin = principalContext({ kind: 'local-admin', name: 'bench' }, 'web');
  const measure = async (ctx) => {
    const times = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint();
      const envelope = await core.dispatch(
        'metrics.series',
        { environmentId: dev, entity: { kind: 'stack', id: 'shop-a' } },
        ctx,
      );
      times[i] = Number(process.hrtime.bigint() - t) / 1e6;
      if (!envelope.ok) throw new Error(envelope.error.message);
    }
    times.sort();
    return { p50: times[Math.floor(N * 0.5)], p99: times[Math.floor(N * 0.99)] };
  };
  // Interleaved rounds, so both see the same machine load.
  const a = [],
    m = [];
  for (let round = 0; round < 3; round++) {
    a.push(await measure(admin));
    m.push(await measure(member));
  }
  const best = (xs, k) => Math.min(...xs.map((x) => x[k]));
  const fmt = (x) => `${(x * 1000).toFixed(1)} µs`;
  console.log(
    `without authorization (local admin fast path): p50 ${fmt(best(a, 'p50'))}, p99 ${fmt(best(a, 'p99'))}`,
  );
  console.log(
    `with authorization (member, token, stack pattern): p50 ${fmt(best(m, 'p50'))}, p99 ${fmt(best(m, 'p99'))}`,
  );
  const added = best(m, 'p99') - best(a, 'p99');
  console.log(
    `added p99: ${fmt(added)} (budget 100 µs); ratio p99 ${(best(m, 'p99') / best(a, 'p99')).toFixed(2)}`,
  );
} finally {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
