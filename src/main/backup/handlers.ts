import type { Handlers } from '../rpc/dispatcher.js';
import type { BackupService } from './service.js';

export function backupHandlers(
  backups: BackupService,
): Pick<Handlers, 'backup.list' | 'backup.create'> {
  return {
    'backup.list': () => backups.list(),
    'backup.create': () => backups.create('manual'),
  };
}
