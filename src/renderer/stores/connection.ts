import { useSyncExternalStore } from 'react';
import { connection, type ConnectionStatus } from '../lib/api';

/** The live connection status to the core (always `connected` in the desktop app). */
export function useConnection(): ConnectionStatus {
  return useSyncExternalStore(connection.subscribe, connection.get);
}
