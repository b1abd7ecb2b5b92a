import { parseHostSection } from '../../lib/router';
import { HostPage } from '../hosts';
import { HostsPage } from './HostsPage';

/** `#/hosts` and its sections, or one host's page at `#/hosts/<id>`. */
export function HostsRoute({ section }: { section: string | null }) {
  const hostId = parseHostSection(section);
  return hostId === null ? (
    <HostsPage section={section} />
  ) : (
    <HostPage key={hostId} hostId={hostId} />
  );
}
