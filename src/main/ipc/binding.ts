// Binds the core's dispatcher to Electron IPC. Typed against the small part of Electron's API it
// uses, so it is unit-tested with a fake ipcMain while the real one is wired in electron/main.ts.
import { ipcChannels } from '../../shared/ipc.js';
import type { Envelope } from '../../shared/errors.js';
import type { CallContext } from '../rpc/context.js';
import type { Dispatch } from '../rpc/dispatcher.js';
import { createSink, type OwnedSink } from '../rpc/sink.js';

export interface IpcSenderFrame {
  url: string;
  /** null for a top-level frame (Electron's WebFrameMain.parent). */
  parent?: unknown;
}

/** The window's WebContents (the part of it the binding uses). */
export interface IpcSenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-navigate', listener: () => void): unknown;
  removeListener(event: 'destroyed' | 'did-navigate', listener: () => void): unknown;
}

export interface IpcInvokeEventLike {
  senderFrame: IpcSenderFrame | null;
  /** Absent in callers that open no streams (the page gets no per-window events then). */
  sender?: IpcSenderLike;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  context: CallContext;
  /** Whether a frame may call the core: only the app's own top-level page. */
  isTrustedFrame: (url: string) => boolean;
}

export function bindIpc({
  ipcMain,
  dispatch,
  context,
  isTrustedFrame,
}: IpcBindingOptions): () => void {
  const windows = new Map<number, OwnedSink>();
  ipcMain.handle(ipcChannels.invoke, async (event, method, args): Promise<Envelope<unknown>> => {
    const frame = event.senderFrame;
    const topLevel = frame != null && frame.parent == null;
    if (!topLevel || !isTrustedFrame(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Requests are only accepted from the console window' },
      };
    }
    const sink = event.sender ? windowSink(windows, event.sender).sink : undefined;
    return dispatch(method, args, sink ? { ...context, sink } : context);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    for (const owned of [...windows.values()]) owned.close();
  };
}

/**
 * One sink per page load of a window: streams it opened end when the window closes or the page
 * reloads (the new page knows nothing of them).
 */
function windowSink(windows: Map<number, OwnedSink>, sender: IpcSenderLike): OwnedSink {
  const existing = windows.get(sender.id);
  if (existing) return existing;
  const owned = createSink((event) => {
    if (!sender.isDestroyed()) sender.send(ipcChannels.event, event);
  });
  const end = () => {
    sender.removeListener('destroyed', end);
    sender.removeListener('did-navigate', end);
    if (windows.get(sender.id) === owned) windows.delete(sender.id);
    owned.close();
  };
  sender.on('destroyed', end);
  sender.on('did-navigate', end);
  windows.set(sender.id, owned);
  return owned;
}

/** The renderer is loaded from this file URL; anything else (remote page, devtools frame) is refused. */
export function trustedFrameCheck(indexUrl: string): (url: string) => boolean {
  const expected = new URL(indexUrl);
  return (url) => {
    try {
      const actual = new URL(url);
      // The host matters too: file://other-host/<same path> is a network share on Windows.
      return (
        actual.protocol === expected.protocol &&
        actual.host === expected.host &&
        actual.pathname === expected.pathname
      );
    } catch {
      return false;
    }
  };
}
