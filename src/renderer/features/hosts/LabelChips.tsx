import type { Host } from '../../../shared/types';

/** A host's labels as chips, sorted by key; `empty` when it has none. */
export function LabelChips({ host, empty }: { host: Host; empty: React.ReactNode }) {
  const labels = Object.entries(host.labels).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length === 0) return <>{empty}</>;
  return (
    <ul className="chips" aria-label={`Labels of ${host.name}`}>
      {labels.map(([key, value]) => (
        <li key={key} className="chip mono" title={`${key}=${value}`}>
          <span className="chip__key">{key}</span>
          {value ? <span className="chip__value">={value}</span> : null}
        </li>
      ))}
    </ul>
  );
}
