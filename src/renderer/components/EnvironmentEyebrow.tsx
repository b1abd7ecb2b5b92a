import { useCurrentEnvironment } from '../stores/environments';

/** "Environment · default" above the title of pages that show one environment. */
export function EnvironmentEyebrow() {
  const environment = useCurrentEnvironment();
  return (
    <>
      <span className="eyebrow-label">Environment</span>
      <span className="eyebrow-value">{environment?.name ?? '…'}</span>
    </>
  );
}
