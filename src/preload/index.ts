// The preload: exposes one frozen `api` (invoke + on) and nothing else. Runs sandboxed, so it is
// bundled into a single file (see scripts/build-preload.mjs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels } from '../shared/ipc.js';
import { encodeErrorMessage, type Envelope } from '../shared/errors.js';

const api = Object.freeze({
  async invoke(method: string, args: unknown): Promise<unknown> {
    const envelope = (await ipcRenderer.invoke(
      ipcChannels.invoke,
      method,
      args,
    )) as Envelope<unknown>;
    if (envelope.ok) return envelope.result;
    // contextBridge copies only an Error's message, so the code travels inside it.
    throw new Error(encodeErrorMessage(envelope.error));
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(ipcChannels.event, handler);
    return () => ipcRenderer.removeListener(ipcChannels.event, handler);
  },
});

contextBridge.exposeInMainWorld('api', api);
