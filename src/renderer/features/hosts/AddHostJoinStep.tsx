import type { Environment } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { CheckList, checksFromSteps, StepList, type PlannedStep } from '../../components/Checklist';
import type { WizardState } from './addHostState';

/** Step 3: the preflight checklist and the Swarm join, live from the operation's progress. */
export function JoinStep({
  state,
  environment,
  shownName,
}: {
  state: WizardState;
  environment: Environment;
  shownName: string;
}) {
  const { valid, form, swarmExisted, progress, addError } = state;
  const planned: PlannedStep[] = [
    ...(valid?.jump ? [{ step: 'jump', label: `Check the jump host ${valid.jump.address}` }] : []),
    { step: 'host-key', label: 'Check the host key' },
    { step: 'login', label: `Log in as ${valid?.user ?? form.user}` },
    { step: 'preflight', label: 'Preflight checks' },
    {
      step: 'swarm',
      label: swarmExisted ? `Join ${environment.name}’s Swarm` : 'Create the Swarm (first host)',
    },
  ];
  const liveChecks = checksFromSteps(progress);
  return (
    <div className="wizard__join">
      {addError ? (
        <Alert title={`Couldn’t add ${shownName}`} actions={null}>
          <p className="wizard__error">{addError}</p>
          <p className="muted">Nothing you entered is lost: go back to change it, or retry.</p>
        </Alert>
      ) : null}
      <StepList
        label={`Adding ${shownName}`}
        planned={planned}
        steps={progress}
        extra={(stepId) =>
          stepId === 'preflight' && liveChecks.length > 0 ? <CheckList checks={liveChecks} /> : null
        }
      />
    </div>
  );
}
