// An audit record's result in words: a change whose answer was lost is "Unknown", not "Failed".
import type { AuditResult } from '../../../shared/types';
import { StatusDot } from '../../components/Badge';

export function ResultDot({ result }: { result: AuditResult }) {
  if (result === 'ok') return <StatusDot tone="ok" label="OK" />;
  if (result === 'unknown') return <StatusDot tone="warn" label="Unknown" />;
  return <StatusDot tone="error" label="Failed" />;
}
