import { useEffect, useState } from 'react';
import { formatBytes } from '../../../shared/format';
import { formatDateTime } from '../../lib/format';
import type { BackupEntry } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Panel } from '../../components/Panel';
import { Spinner } from '../../components/Spinner';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/** The last backup of the console's database, and a backup now. */
export function BackupPanel() {
  const [last, setLast] = useState<BackupEntry | null | undefined>(undefined);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.invoke('backup.list', {}).then(
      (list) => setLast(list[0] ?? null),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  const backUp = async () => {
    setWorking(true);
    setError(null);
    try {
      setLast(await api.invoke('backup.create', {}));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setWorking(false);
    }
  };
  return (
    <Panel
      title="Backups"
      titleId="backup-title"
      description="The database is backed up daily while a console runs, before a stack or a host is removed and before an upgrade; the last 7 are kept in the data directory's backups folder. Restore one with drover restore FILE while no console runs."
      actions={
        <Button variant="secondary" disabled={working} onClick={() => void backUp()}>
          {working ? <Spinner size={12} /> : null} Back up now
        </Button>
      }
    >
      {error ? <Alert>{error}</Alert> : null}
      <p className="about__value" role="status" aria-label="Last backup">
        {last === undefined
          ? 'Loading…'
          : last === null
            ? 'No backup yet'
            : `Last backup ${formatDateTime(last.createdAt)} (${last.reason}, ${formatBytes(last.bytes)})`}
      </p>
      {last ? <code className="about__path">{last.file}</code> : null}
    </Panel>
  );
}
