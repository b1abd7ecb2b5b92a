// A newcomer's way to a first Swarm from the empty console: this machine's own Docker over SSH to
// localhost (the Add Host wizard, prefilled), or, where the machine can run it, the lab's three
// Docker hosts started and added in one go, with live progress. Shown to the site admin only: the
// core refuses the offer to anyone else, and then nothing is shown.
import { useEffect, useState } from 'react';
import type { FirstRunOffer } from '../../../shared/first-run';
import type { Environment } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { StepList } from '../../components/Checklist';
import { HostsIcon, PlayIcon } from '../../components/Icons';
import { api } from '../../lib/api';
import type { ConnectionForm } from './addHostForm';
import { useLabRun } from './labRun';
import './first-run.css';

/** What the wizard starts with for this machine: SSH to itself, as root, with the SSH agent. */
export const LOCALHOST: Partial<ConnectionForm> = { address: '127.0.0.1', user: 'root' };

export function FirstRun({
  environment,
  onAddLocalhost,
}: {
  environment: Environment;
  onAddLocalhost(): void;
}) {
  const [offer, setOffer] = useState<FirstRunOffer | null>(null);
  useEffect(() => {
    let live = true;
    api
      .invoke('firstRun.offer', {})
      .then((o) => live && setOffer(o))
      // Not the site admin (or an older core): no first-run offers, the plain empty state stays.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!offer) return null;
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h3 id="first-run-title" className="first-run__title">
        Get a first Swarm in minutes
      </h3>
      <div className="first-run__options">
        <div className="first-run__option">
          <h4 className="first-run__heading">This machine’s Docker</h4>
          <p>
            Add this workstation as a one-host Swarm: Drover reaches its Docker over SSH to
            localhost, as it reaches any host.
          </p>
          {offer.localhost.sshd ? null : (
            <p className="first-run__needs" role="note">
              No SSH server answers on port 22 here. It needs one (on Debian:{' '}
              <code>apt-get install openssh-server</code>), with your public key in the user’s{' '}
              <code>~/.ssh/authorized_keys</code>, and Docker running.
            </p>
          )}
          <Button variant="primary" icon={<HostsIcon size={16} />} onClick={onAddLocalhost}>
            Add this machine
          </Button>
        </div>
        <LabOption environment={environment} lab={offer.lab} />
      </div>
    </section>
  );
}

function LabOption({ environment, lab }: { environment: Environment; lab: FirstRunOffer['lab'] }) {
  const run = useLabRun();
  const mine = run.environmentId === environment.id;
  const steps = mine ? run.steps : [];
  const planned = [
    { step: 'lab-up', label: 'Start the lab’s Docker hosts' },
    ...steps
      .filter((s) => s.step.startsWith('add-'))
      .map((s) => ({ step: s.step, label: s.firstMessage })),
  ];
  return (
    <div className="first-run__option">
      <h4 className="first-run__heading">The lab: three hosts on this machine</h4>
      <p>
        Starts three real Docker hosts in namespaces here (sshd and Docker each, plus a local
        registry) and adds them, so a first stack can be deployed across them.
      </p>
      {lab.available ? null : <p className="first-run__needs">{lab.reason}</p>}
      {mine ? <StepList label="Starting the lab" planned={planned} steps={steps} /> : null}
      {/* A failed step already shows its error in the list. */}
      {mine && run.error && !steps.some((s) => s.state === 'failed') ? (
        <Alert tone="error">{run.error}</Alert>
      ) : null}
      {mine && run.done ? <p role="status">{run.done}</p> : null}
      <div className="first-run__actions">
        {lab.available && !(mine && run.done) ? (
          <Button
            icon={<PlayIcon size={16} />}
            onClick={() => void run.start(environment.id)}
            busy={mine && run.running}
            disabled={run.running}
          >
            {mine && run.error ? 'Try again' : 'Start the lab'}
          </Button>
        ) : null}
        {mine && !run.running ? (
          <Button variant="ghost" onClick={run.dismiss}>
            Close
          </Button>
        ) : null}
      </div>
    </div>
  );
}
