import './port-link.css';
import { GlobeIcon } from './Icons';

/** A published port as a link that opens it in the browser (a new tab, or the system browser). */
export function PortLink({ url, children }: { url: string; children: React.ReactNode }) {
  return (
    <a
      className="port-link mono"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={`Open ${url}`}
    >
      <GlobeIcon size={12} />
      {children}
    </a>
  );
}
