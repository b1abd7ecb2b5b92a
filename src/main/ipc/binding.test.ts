import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../shared/errors.js';
import { ipcChannels } from '../../shared/ipc.js';
import type { AuditEntry, Environment } from '../../shared/types.js';
import { createCore, type Core } from '../core/core.js';
import type { CallContext } from '../rpc/context.js';
import type { Dispatch } from '../rpc/dispatcher.js';
import { TempDirs } from '../test-support.js';
import {
  bindIpc,
  trustedFrameCheck,
  type IpcInvokeEventLike,
  type IpcMainLike,
  type IpcSenderLike,
} from './binding.js';
import { adminContext } from '../test-support.js';

type Listener = Parameters<IpcMainLike['handle']>[1];

/** Behaves like Electron's ipcMain for handle/removeHandler: one handler per channel. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke(channel, method, args) from a frame at `url` would get. */
  async invoke(
    url: string | null,
    method: unknown,
    args: unknown,
    parent: unknown = null,
  ): Promise<Envelope<unknown>> {
    const listener = this.handlers.get(ipcChannels.invoke);
    if (!listener) throw new Error(`No handler registered for '${ipcChannels.invoke}'`);
    const event: IpcInvokeEventLike = { senderFrame: url === null ? null : { url, parent } };
    return (await listener(event, method, args)) as Envelope<unknown>;
  }
}

const indexUrl = pathToFileURL('/opt/Drover/resources/app/dist/renderer/index.html').href;
const dirs = new TempDirs();
let core: Core;
let ipcMain: FakeIpcMain;
let dispatched: unknown[];
let unbind: () => void;

beforeEach(() => {
  core = createCore({ dataDir: dirs.make(), shell: 'electron' });
  ipcMain = new FakeIpcMain();
  dispatched = [];
  const dispatch: Dispatch = (method, args, ctx) => {
    dispatched.push(method);
    return core.dispatch(method, args, ctx);
  };
  unbind = bindIpc({
    ipcMain,
    dispatch,
    context: adminContext('bob', 'electron'),
    isTrustedFrame: trustedFrameCheck(indexUrl),
  });
});

afterEach(() => {
  core.close();
  dirs.cleanup();
});

describe('IPC binding', () => {
  it('dispatches a call from the console window and returns the envelope', async () => {
    const envelope = await ipcMain.invoke(indexUrl, 'env.list', {});

    expect(envelope.ok).toBe(true);
    expect(envelope.ok && (envelope.result as Environment[]).map((e) => e.name)).toEqual([
      'Default',
    ]);
    expect(dispatched).toEqual(['env.list']);
  });

  it('accepts the console window on any in-app route (hash or query)', async () => {
    expect((await ipcMain.invoke(`${indexUrl}#/environments/2`, 'env.list', {})).ok).toBe(true);
    expect((await ipcMain.invoke(`${indexUrl}?tab=hosts`, 'env.list', {})).ok).toBe(true);
  });

  it('calls the core with the binding context, so the audit log names the desktop user', async () => {
    await ipcMain.invoke(indexUrl, 'env.create', { name: 'Staging' });
    const log = await ipcMain.invoke(indexUrl, 'audit.list', {});
    expect(log.ok && (log.result as AuditEntry[])[0]).toMatchObject({
      actor: 'bob',
      shell: 'electron',
      action: 'env.create',
      target: 'Staging',
    });
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['another local file', 'file:///other/index.html'],
    [
      'a sibling file of the app',
      pathToFileURL('/opt/Drover/resources/app/dist/renderer/x.html').href,
    ],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
    // On Windows file://host/... is a network share: same path, someone else's file.
    [
      'the same path on another host',
      'file://attacker.example/opt/Drover/resources/app/dist/renderer/index.html',
    ],
    [
      'an http page with the same path',
      'http://localhost/opt/Drover/resources/app/dist/renderer/index.html',
    ],
    ['an empty URL', ''],
    ['no frame at all', null],
  ])('refuses %s with FORBIDDEN without calling the core', async (_label, url) => {
    const envelope = await ipcMain.invoke(url, 'env.create', { name: 'Injected' });

    expect(envelope).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('console window') },
    });
    expect(dispatched).toEqual([]);
    const names = (await core.call('env.list', {}, adminContext('t', 'cli'))).map((e) => e.name);
    expect(names).toEqual(['Default']);
  });

  it('refuses a subframe even when it loads the app page itself', async () => {
    const envelope = await ipcMain.invoke(
      indexUrl,
      'env.create',
      { name: 'Framed' },
      { url: indexUrl },
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatched).toEqual([]);
  });

  it('answers invalid arguments with an INVALID_ARGUMENT envelope, not a thrown error', async () => {
    const envelope = await ipcMain.invoke(indexUrl, 'env.create', { name: '$(reboot)' });
    expect(envelope.ok).toBe(false);
    expect(!envelope.ok && envelope.error.code).toBe('INVALID_ARGUMENT');
    expect(!envelope.ok && envelope.error.message).toMatch(/^name: /);
  });

  it('answers an unknown method with an UNKNOWN_METHOD envelope', async () => {
    const envelope = await ipcMain.invoke(indexUrl, 'shell.exec', { cmd: 'id' });
    expect(!envelope.ok && envelope.error.code).toBe('UNKNOWN_METHOD');
  });

  it('unbinding removes the handler, and the channel can be bound again', async () => {
    expect(ipcMain.handlers.has(ipcChannels.invoke)).toBe(true);
    unbind();
    expect(ipcMain.handlers.has(ipcChannels.invoke)).toBe(false);
    await expect(ipcMain.invoke(indexUrl, 'env.list', {})).rejects.toThrow(/No handler/);

    bindIpc({
      ipcMain,
      dispatch: core.dispatch,
      context: adminContext('bob', 'electron'),
      isTrustedFrame: trustedFrameCheck(indexUrl),
    });
    expect((await ipcMain.invoke(indexUrl, 'env.list', {})).ok).toBe(true);
  });
});

/** A window's WebContents: an id, what it was sent, and its lifecycle events. */
class FakeSender extends EventEmitter implements IpcSenderLike {
  readonly sent: unknown[][] = [];
  destroyed = false;

  constructor(readonly id: number) {
    super();
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

describe('IPC binding: per-window streams', () => {
  let contexts: CallContext[];
  let fake: FakeIpcMain;

  beforeEach(() => {
    contexts = [];
    fake = new FakeIpcMain();
    bindIpc({
      ipcMain: fake,
      dispatch: async (_method, _args, ctx) => {
        contexts.push(ctx);
        return { ok: true, result: null };
      },
      context: adminContext('bob', 'electron'),
      isTrustedFrame: trustedFrameCheck(indexUrl),
    });
  });

  const call = (sender: FakeSender) =>
    fake.handlers.get(ipcChannels.invoke)!(
      { senderFrame: { url: indexUrl, parent: null }, sender },
      'env.list',
      {},
    );

  it("gives each window its own sink, sending only to that window's page", async () => {
    const one = new FakeSender(1);
    const two = new FakeSender(2);
    await call(one);
    await call(one);
    await call(two);
    const [a, a2, b] = contexts.map((c) => c.sink!);
    expect(a).toBe(a2);
    expect(a).not.toBe(b);
    expect(contexts[0]).toMatchObject(adminContext('bob', 'electron'));
    a!.send('stream.data', { streamId: 's1', data: 'x' });
    expect(one.sent).toEqual([
      [ipcChannels.event, { event: 'stream.data', payload: { streamId: 's1', data: 'x' } }],
    ]);
    expect(two.sent).toEqual([]);
  });

  it("closes a window's streams when it is destroyed or its page reloads", async () => {
    const window = new FakeSender(1);
    await call(window);
    const first = contexts[0]!.sink!;
    const closed = vi.fn();
    first.onClose(closed);
    window.emit('did-navigate');
    expect(closed).toHaveBeenCalledTimes(1);
    // The reloaded page gets a new sink, closed in turn with the window.
    await call(window);
    const second = contexts[1]!.sink!;
    expect(second).not.toBe(first);
    const closedToo = vi.fn();
    second.onClose(closedToo);
    window.destroyed = true;
    window.emit('destroyed');
    expect(closedToo).toHaveBeenCalledTimes(1);
    expect(window.listenerCount('destroyed') + window.listenerCount('did-navigate')).toBe(0);
    second.send('stream.end', { streamId: 's1' });
    expect(window.sent).toEqual([]);
  });
});
