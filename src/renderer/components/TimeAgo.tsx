// "3 minutes ago" that keeps counting, with the exact time in the tooltip.
import { useNow } from '../lib/clock';
import { formatAgo, formatDateTimeLong } from '../lib/format';

export function TimeAgo({ at, prefix = '' }: { at: string; prefix?: string }) {
  const now = useNow();
  return (
    <time dateTime={at} title={`${prefix}${formatDateTimeLong(at)}`}>
      {formatAgo(at, now)}
    </time>
  );
}
