// A container's environment: name and value, secret-looking values hidden until shown one by one;
// values the core masked (read-only members) say so.
import { useState } from 'react';
import type { ContainerDetails } from '../../../shared/container-details';
import { CORE_MASK, looksSecret } from './envMask';

export function ContainerEnv({ env }: { env: ContainerDetails['env'] }) {
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  if (env.length === 0) return <p className="muted">No environment variables.</p>;
  const coreMasked = env.every((e) => e.value === CORE_MASK);
  return (
    <>
      {coreMasked ? (
        <p className="muted">Values are hidden: your role in this environment is read-only.</p>
      ) : null}
      <table className="kv-table" data-testid="container-env">
        <tbody>
          {env.map(({ name, value }, i) => {
            const hidden = !coreMasked && looksSecret(name) && !shown.has(name);
            return (
              <tr key={`${name}-${i}`}>
                <th scope="row" className="mono">
                  {name}
                </th>
                <td className="mono">
                  {hidden ? (
                    <span className="kv-table__secret">
                      <span aria-label="hidden value" data-masked="true">
                        ••••••••
                      </span>
                      <button
                        type="button"
                        className="text-button"
                        onClick={() => setShown((s) => new Set(s).add(name))}
                        aria-label={`Show the value of ${name}`}
                      >
                        Show
                      </button>
                    </span>
                  ) : (
                    value || <span className="subtle">(empty)</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
