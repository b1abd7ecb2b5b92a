// A host as Drover names it, with the hostname Swarm knows it by beside it where they differ
// (a host added as "web-1" shows as "web-1 · acc4" in task lists and the topology).
import './host-name.css';

export function HostName({
  name,
  hostname,
  className,
}: {
  /** The Drover name; null when the node is no Drover host (then the hostname is the name). */
  name: string | null;
  hostname: string | null;
  className?: string;
}) {
  const shown = name ?? hostname ?? 'unknown host';
  const other = name && hostname && hostname !== name ? hostname : null;
  return (
    <span className={['host-name', className].filter(Boolean).join(' ')}>
      <span className="host-name__name">{shown}</span>
      {other ? (
        <span className="host-name__swarm" title={`Its hostname in the Swarm: ${other}`}>
          <span className="visually-hidden">, in the Swarm: </span>
          {other}
        </span>
      ) : null}
    </span>
  );
}
