// Live progress of a deploy, rollback or removal: one line per object and per task, newest
// state first within its group, from operation.progress.
import type { StepView } from '../../lib/operations';
import { StateIcon } from '../../components/Checklist';
import { formatDateTimeLong } from '../../lib/format';
import { groupTaskFailures, type TaskFailure } from './taskFailures';

function group(step: string): string {
  const kind = step.split(':')[0] ?? '';
  if (kind === 'task' || kind === 'tasks') return 'Tasks';
  if (['service', 'network', 'config', 'secret', 'volume'].includes(kind)) return 'Objects';
  return 'Deploy';
}

export function DeployProgress({ steps, label }: { steps: readonly StepView[]; label: string }) {
  if (steps.length === 0) return null;
  const summaries = steps.filter((s) => s.step.startsWith('tasks:'));
  const { failures, rest: others } = groupTaskFailures(
    steps.filter((s) => !s.step.startsWith('tasks:')),
  );
  const groups = ['Objects', 'Tasks', 'Deploy']
    .map((name) => ({ name, items: others.filter((s) => group(s.step) === name) }))
    .filter((g) => g.items.length);
  return (
    <div className="deploy-progress" aria-label={label} role="group">
      {summaries.length ? (
        <ul className="deploy-progress__summary" aria-label="Tasks per service">
          {summaries.map((s) => (
            <li key={s.step}>
              <StateIcon state={s.state} />
              <span className="mono">{s.message}</span>
              <span className="health-bar" aria-hidden="true">
                <span
                  className="health-bar__fill"
                  style={{ width: `${Math.round((s.fraction ?? 0) * 100)}%` }}
                />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {failures.length ? <TaskFailures failures={failures} /> : null}
      {groups.map((g) => (
        <details key={g.name} className="deploy-progress__group" open={g.name !== 'Tasks'}>
          <summary>
            {g.name}{' '}
            <span className="muted">
              ({g.items.filter((s) => s.state === 'done' || s.state === 'warn').length}/
              {g.items.length} done
              {g.items.some((s) => s.state === 'failed')
                ? `, ${g.items.filter((s) => s.state === 'failed').length} failed`
                : ''}
              )
            </span>
          </summary>
          <ul className="checklist">
            {g.items.map((s) => (
              <li key={s.step} className={`checklist__item checklist__item--${s.state}`}>
                <StateIcon state={s.state} />
                <span className="checklist__text">
                  <span className="checklist__detail">{s.message}</span>
                </span>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

/** One line per distinct task error, counted; the line stays put as its count grows. */
function TaskFailures({ failures }: { failures: TaskFailure[] }) {
  return (
    <ul className="checklist deploy-progress__failures" aria-label="Task failures">
      {failures.map((f) => (
        <li key={f.error} className="checklist__item checklist__item--failed">
          <StateIcon state="failed" />
          <span className="checklist__text">
            <span className="deploy-progress__error mono">{f.error}</span>
            <span className="checklist__detail">
              <span className="tabular">{f.count === 1 ? '1 task' : `${f.count} tasks`}</span>
              {' · last '}
              <time
                className="tabular"
                dateTime={new Date(f.lastAt).toISOString()}
                title={formatDateTimeLong(new Date(f.lastAt).toISOString())}
              >
                {new Date(f.lastAt).toLocaleTimeString()}
              </time>
              {` · ${f.lastMessage.slice(0, f.lastMessage.indexOf(':'))}`}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
