// A unified diff, coloured: additions, removals, hunk headers, context.
export function DiffView({
  diff,
  label = 'Changes to the compose file',
}: {
  diff: string;
  label?: string;
}) {
  if (!diff.trim()) {
    return <p className="muted">The compose file is unchanged.</p>;
  }
  const lines = diff
    .replace(/\n+$/, '')
    .split('\n')
    .filter((l) => !l.startsWith('--- ') && !l.startsWith('+++ '));
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {lines.map((line, i) => {
        const kind = line.startsWith('@@')
          ? 'hunk'
          : line.startsWith('+')
            ? 'add'
            : line.startsWith('-')
              ? 'del'
              : 'ctx';
        return (
          <span key={i} className={`diff__line diff__line--${kind}`}>
            {kind === 'add' ? (
              <span className="visually-hidden">Added: </span>
            ) : kind === 'del' ? (
              <span className="visually-hidden">Removed: </span>
            ) : null}
            {line || ' '}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
