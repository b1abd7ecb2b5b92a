// Kept apart from contract.ts so the sandboxed preload bundle stays tiny (no schema library).
/** The single IPC channel for requests and the one for events. */
export const ipcChannels = { invoke: 'drover:invoke', event: 'drover:event' } as const;
