// Raft quorum from which managers answer: a Swarm of M managers needs floor(M/2)+1 of them to
// change anything. When a manager stops answering and the rest are exactly a quorum, one more
// failure stops the cluster's control plane: the operator should know before it happens.

import type { HostState } from '../../shared/types.js';

/** Host states in which the console cannot reach a host's Docker ('connecting' says nothing). */
export const UNREACHED_STATES: readonly string[] = [
  'unreachable',
  'auth-failed',
  'host-key-mismatch',
] satisfies HostState[];

export interface ManagerReach {
  name: string;
  /** Answers now: connected from the console and, where known, reachable in Swarm's own view. */
  answering: boolean;
}

export interface QuorumState {
  managers: number;
  answering: number;
  quorum: number;
  /** The managers that do not answer, by name. */
  silent: string[];
  /** A manager is silent and the rest are a bare quorum (or less). */
  atRisk: boolean;
  /** Fewer answer than a quorum: if they are really down, the Swarm cannot change anything. */
  lost: boolean;
}

export function quorumState(managers: ManagerReach[]): QuorumState {
  const silent = managers.filter((m) => !m.answering).map((m) => m.name);
  const answering = managers.length - silent.length;
  const quorum = Math.floor(managers.length / 2) + 1;
  return {
    managers: managers.length,
    answering,
    quorum,
    silent,
    atRisk: silent.length > 0 && answering <= quorum,
    lost: silent.length > 0 && answering < quorum,
  };
}

/** The one line that says it (advice and the alert's message); undefined while not at risk. */
export function quorumRisk(state: QuorumState): string | undefined {
  if (!state.atRisk) return undefined;
  const who = `${state.silent.join(', ')} ${state.silent.length === 1 ? 'is' : 'are'} unreachable`;
  const left = `${state.answering} of ${state.managers} managers answer`;
  if (state.lost)
    return `${who}: ${left}, fewer than the ${state.quorum} a quorum needs. If ${state.silent.length === 1 ? 'it is' : 'they are'} down, the Swarm cannot change anything until enough managers are back.`;
  return `${who}: ${left}; one more manager failure loses quorum. Bring ${state.silent.length === 1 ? 'it' : 'them'} back or promote another host.`;
}
