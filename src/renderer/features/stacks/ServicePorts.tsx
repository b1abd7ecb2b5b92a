// A service's ports on its card: each published TCP port is a link to it on a host that runs a
// task of the service (that works with the routing mesh and with host-mode ports alike).
import type { StackServiceInfo, TaskInfo } from '../../../shared/types';
import { PortLink } from '../../components/PortLink';
import { parsePublishedPorts, reachableHost, webUrl } from '../../lib/links';
import { useEnvironmentHosts } from '../../stores/hosts';

export function ServicePorts({
  environmentId,
  service,
}: {
  environmentId: number;
  service: StackServiceInfo & { tasks: TaskInfo[] };
}) {
  const hosts = useEnvironmentHosts(environmentId);
  if (service.ports.length === 0) return <>—</>;
  const running = service.tasks
    .filter((t) => t.state === 'running' && t.host)
    .map((t) => t.host as string);
  const host = running.length > 0 ? reachableHost(hosts, running) : null;
  return (
    <span className="service-ports">
      {service.ports.map((text, i) => {
        const [port] = parsePublishedPorts([text]);
        const link = host && port?.protocol === 'tcp';
        return (
          <span key={text}>
            {i > 0 ? ', ' : null}
            {link ? <PortLink url={webUrl(host.address, port.published)}>{text}</PortLink> : text}
          </span>
        );
      })}
    </span>
  );
}
