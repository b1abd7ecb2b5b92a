// The plan of a deploy: what will be created, updated, removed; then the diff of the document.
import { Badge, type Tone } from '../../components/Badge';
import { plural } from '../../lib/format';
import type { StackPlan, StackPlanAction } from '../../../shared/types';
import { DiffView } from './DiffView';
import { PlanValues } from './PlanValues';

const actionTone: Record<StackPlanAction, Tone> = {
  create: 'ok',
  update: 'warn',
  remove: 'error',
  unchanged: 'neutral',
};
const actionWord: Record<StackPlanAction, string> = {
  create: 'Create',
  update: 'Update',
  remove: 'Remove',
  unchanged: 'Unchanged',
};

export function planSummary(plan: StackPlan): string {
  const count = (action: StackPlanAction) => plan.changes.filter((c) => c.action === action).length;
  const parts = [
    count('create') ? `${count('create')} to create` : '',
    count('update') ? `${count('update')} to update` : '',
    count('remove') ? `${count('remove')} to remove` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'No changes';
}

export function PlanView({ plan, isNew }: { plan: StackPlan; isNew: boolean }) {
  const order: StackPlanAction[] = ['remove', 'update', 'create', 'unchanged'];
  const changes = [...plan.changes].sort(
    (a, b) => order.indexOf(a.action) - order.indexOf(b.action) || a.name.localeCompare(b.name),
  );
  const unchanged = changes.filter((c) => c.action === 'unchanged').length;
  return (
    <div className="plan-view">
      <ul className="plan-changes" aria-label="Planned changes">
        {changes
          .filter((c) => c.action !== 'unchanged')
          .map((c) => (
            <li key={`${c.kind}:${c.name}`} className={`plan-change plan-change--${c.action}`}>
              <Badge tone={actionTone[c.action]}>{actionWord[c.action]}</Badge>
              <span className="plan-change__kind">{c.kind}</span>
              <span className="plan-change__name mono">{c.name}</span>
              {c.values.length ? (
                <PlanValues values={c.values} />
              ) : c.fields.length ? (
                <span className="plan-change__fields">{c.fields.join(', ')}</span>
              ) : null}
            </li>
          ))}
        {unchanged ? (
          <li className="plan-change plan-change--unchanged">
            <Badge>Unchanged</Badge>
            <span className="plan-change__fields">
              {plural(unchanged, 'object')}:{' '}
              {changes
                .filter((c) => c.action === 'unchanged')
                .map((c) => c.name)
                .join(', ')}
            </span>
          </li>
        ) : null}
      </ul>
      {plan.warnings.length ? (
        <ul className="plan-warnings" aria-label="Warnings">
          {plan.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
      {isNew ? null : (
        <>
          <h3 className="plan-view__heading">Compose file changes</h3>
          <DiffView diff={plan.diff} />
        </>
      )}
    </div>
  );
}
