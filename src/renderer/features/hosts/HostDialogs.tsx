// The dialog a host action opened (labels, drain, re-pin, remove), for the hosts list and a
// host's page alike.
import type { Host } from '../../../shared/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useHosts } from '../../stores/hosts';
import { toast } from '../../stores/toasts';
import { LabelsDialog } from './LabelsDialog';
import { RemoveHostDialog } from './RemoveHostDialog';
import { RepinDialog } from './RepinDialog';
import type { HostDialogKind } from './useHostActions';

export interface OpenHostDialog {
  kind: HostDialogKind;
  /** The host as it was when its dialog opened: a removed host's dialog still needs it. */
  host: Host;
}

export function HostDialogs({
  dialog,
  hosts,
  onClose,
}: {
  dialog: OpenHostDialog | null;
  /** The environment's hosts, current. */
  hosts: readonly Host[];
  onClose(): void;
}) {
  const setAvailability = useHosts((s) => s.setAvailability);
  if (!dialog) return null;
  const current = hosts.find((h) => h.id === dialog.host.id) ?? dialog.host;
  switch (dialog.kind) {
    case 'labels':
      return <LabelsDialog host={current} onClose={onClose} />;
    case 'repin':
      return <RepinDialog host={current} onClose={onClose} />;
    case 'remove':
      return <RemoveHostDialog host={dialog.host} environmentHosts={hosts} onClose={onClose} />;
    case 'drain':
      return (
        <ConfirmDialog
          title={`Drain ${current.name}?`}
          confirmLabel="Drain"
          errorTitle={`Couldn’t drain ${current.name}`}
          onClose={onClose}
          onConfirm={async () => {
            await setAvailability(current.id, 'drain');
            toast({ tone: 'ok', title: `${current.name} is drained` });
          }}
        >
          <p>
            Swarm stops the tasks on {current.name} and starts them on other hosts; it takes no new
            tasks until it is activated again. Containers that are not Swarm tasks keep running.
          </p>
        </ConfirmDialog>
      );
  }
}
