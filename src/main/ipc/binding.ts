// Binds the core's dispatcher to Electron IPC. Typed against the small part of Electron's API it
// uses, so it is unit-tested with a fake ipcMain while the real one is wired in electron/main.ts.
import { ipcChannels } from '../../shared/ipc.js';
import type { Envelope } from '../../shared/errors.js';
import type { CallContext } from '../rpc/context.js';
import type { Dispatch } from '../rpc/dispatcher.js';

export interface IpcSenderFrame {
  url: string;
  /** null for a top-level frame (Electron's WebFrameMain.parent). */
  parent?: unknown;
}

export interface IpcInvokeEventLike {
  senderFrame: IpcSenderFrame | null;
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
  ipcMain.handle(ipcChannels.invoke, async (event, method, args): Promise<Envelope<unknown>> => {
    const frame = event.senderFrame;
    const topLevel = frame != null && frame.parent == null;
    if (!topLevel || !isTrustedFrame(frame.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Requests are only accepted from the console window' },
      };
    }
    return dispatch(method, args, context);
  });
  return () => ipcMain.removeHandler(ipcChannels.invoke);
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
