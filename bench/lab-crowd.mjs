// Lab set-up shared by the benchmarks: a crowd of idle containers on a host, and a host added
// to the console several times (once per environment) to stand in for hosts the lab lacks.

/** Replaces any earlier crowd on the host with `count` idle containers named prefix1..N. */
export function startContainers(run, host, { image, prefix, count, from = 1 }) {
  if (from === 1) removeContainers(run, host, prefix);
  run(
    host,
    `for i in $(seq ${from} ${count}); do docker run -d --name ${prefix}$i ${image} sleep 1d >/dev/null || exit 1; done`,
  );
}

export const removeContainers = (run, host, prefix) =>
  run(host, `docker ps -aq --filter name=${prefix} | xargs -r docker rm -f >/dev/null`);

/**
 * Adds the hosts through the console's `call(method, args)`: a host named a second time is a
 * second connection to it from another environment, under another name (a real sampler stream).
 */
export async function addHostStreams(call, lab, hosts) {
  const [env] = await call('env.list', {});
  for (const [i, host] of hosts.entries()) {
    const again = hosts.indexOf(host) !== i;
    const environmentId = again ? (await call('env.create', { name: `bench-${i}` })).id : env.id;
    await call('host.add', {
      environmentId,
      name: again ? `${host.name}-again${i}` : host.name,
      address: host.address,
      port: host.port,
      user: 'root',
      auth: { kind: 'key', keyPath: lab.sshKey },
      hostKey: host.hostKeyFingerprint,
    });
  }
}
