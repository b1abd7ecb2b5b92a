// The console's own API over its WebSocket (/ws), for test set-up and clean-up that is not what
// a test is about: adding lab hosts, removing what a test left behind.
import WebSocket from 'ws';
import type { RunningConsole } from './console';
import type { Lab, LabHost } from './lab';

export interface ConsoleApi {
  call<T = unknown>(method: string, args: unknown, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function connectApi(
  drover: Pick<RunningConsole, 'origin' | 'token'>,
): Promise<ConsoleApi> {
  const url = `${drover.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(drover.token)}`;
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const call = <T>(method: string, args: unknown, timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        socket.off('message', onMessage);
        reject(new Error(`${method} timed out`));
      }, timeoutMs);
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as {
          id?: number;
          ok?: boolean;
          result?: unknown;
          error?: { message: string };
        };
        if (message.id !== id) return;
        clearTimeout(timer);
        socket.off('message', onMessage);
        if (message.ok) resolve(message.result as T);
        else reject(new Error(message.error?.message ?? 'failed'));
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, args }));
    });
  return { call, close: () => socket.close() };
}

/** Removes every host the console still has: workers first, managers last. */
export async function removeAllHosts(api: ConsoleApi): Promise<void> {
  const hosts = await api.call<{ id: number; role: string }[]>('host.list', {});
  const order = [...hosts].sort(
    (a, b) => Number(a.role === 'manager') - Number(b.role === 'manager'),
  );
  for (const host of order) await api.call('host.remove', { id: host.id }).catch(() => undefined);
}

/** Adds lab hosts to the first environment with the lab's key: the first as a manager. */
export async function addLabHosts(api: ConsoleApi, lab: Lab, hosts: LabHost[]): Promise<number> {
  const [environment] = await api.call<{ id: number }[]>('env.list', {});
  if (!environment) throw new Error('The console has no environment');
  for (const host of hosts) {
    await api.call(
      'host.add',
      {
        environmentId: environment.id,
        name: host.name,
        address: host.address,
        port: host.port,
        user: 'root',
        auth: { kind: 'key', keyPath: lab.sshKey },
        hostKey: host.hostKeyFingerprint,
      },
      180_000,
    );
  }
  return environment.id;
}
