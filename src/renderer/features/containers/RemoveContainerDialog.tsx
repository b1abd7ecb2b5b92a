// Removing one container, as `docker rm -f` on its host: a Swarm task's is replaced by Swarm,
// any other is gone for good. The dialog says which before anything happens.
import type { ContainerSummary } from '../../../shared/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { api } from '../../lib/api';
import { toast } from '../../stores/toasts';

export function RemoveContainerDialog({
  environmentId,
  container,
  onClose,
}: {
  environmentId: number;
  container: ContainerSummary;
  onClose(): void;
}) {
  const remove = async () => {
    await api.invoke('container.remove', {
      environmentId,
      hostId: container.hostId,
      containerId: container.id,
    });
    toast({
      tone: 'ok',
      title: `${container.name} removed`,
      body: container.service ? `Swarm starts a replacement for ${container.service}.` : undefined,
    });
  };
  return (
    <ConfirmDialog
      title={`Remove ${container.name}?`}
      confirmLabel="Remove"
      errorTitle="Couldn’t remove the container"
      onConfirm={remove}
      onClose={onClose}
    >
      <p>
        It is stopped at once and deleted from {container.hostName}, with its logs and whatever it
        wrote outside a volume.{' '}
        {container.service
          ? `It is a task of ${container.service}: Swarm starts a replacement.`
          : 'It is not part of a Swarm service: nothing replaces it.'}
      </p>
    </ConfirmDialog>
  );
}
