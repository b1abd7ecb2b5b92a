import { parseContainerSection } from '../../lib/router';
import { ContainerPage } from './ContainerPage';
import { ContainersPage } from './ContainersPage';

/** `#/containers`, or one container's page at `#/containers/<host id>~<container id>[~tab]`. */
export function ContainersRoute({ section }: { section: string | null }) {
  const target = parseContainerSection(section);
  return target ? (
    <ContainerPage
      key={`${target.hostId}/${target.containerId}`}
      hostId={target.hostId}
      containerId={target.containerId}
      tab={target.tab}
    />
  ) : (
    <ContainersPage />
  );
}
