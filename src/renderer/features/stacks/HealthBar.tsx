/** Running of desired tasks as a small bar with the count; colour follows health. */
export function HealthBar({ running, desired }: { running: number; desired: number }) {
  const fraction = desired ? Math.min(1, running / desired) : 0;
  const tone =
    desired === 0 ? 'neutral' : running >= desired ? 'ok' : running === 0 ? 'error' : 'warn';
  return (
    <span className={`health health--${tone}`}>
      <span
        className="health-bar"
        role="meter"
        aria-label="Running tasks"
        aria-valuemin={0}
        aria-valuemax={Math.max(desired, 1)}
        aria-valuenow={Math.min(running, Math.max(desired, 1))}
        aria-valuetext={`${running} of ${desired} running`}
      >
        <span className="health-bar__fill" style={{ width: `${fraction * 100}%` }} />
      </span>
      <span className="health__count tabular">
        {running}/{desired}
      </span>
    </span>
  );
}
