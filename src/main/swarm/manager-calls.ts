// Sends one Docker API call to an environment's managers, in order, until one answers. A call
// that never reached an engine (its channel did not open in time) moves on to the next manager
// whatever its method; a read that got no answer is tried again (once on a fresh channel, then
// elsewhere); a change that was sent and got no answer is reported as possibly applied, never
// retried blindly. The engine's own answers (including 404) are final.
import type Docker from 'dockerode';
import { maybeSent, traced, type CallTrace } from '../ssh/call-trace.js';
import { engineError, engineMessageOf, NoAnswerError, NoLeaderError } from './engine-error.js';

/** docker-modem's dial options, as dockerode builds them. */
export interface DialOptions {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  options?: Record<string, unknown> & { _query?: Record<string, unknown>; version?: unknown };
  abortSignal?: AbortSignal;
  [key: string]: unknown;
}

type DialCallback = (error: Error | null, result?: unknown) => void;

export interface Candidate {
  hostId: number;
  name: string;
  docker: Docker;
}

export interface CallTimings {
  /**
   * A channel that has not opened by then is given up and the manager is suspect, when another
   * manager is left to ask; the last one gets `lastAnswerMs` (a loaded machine can take seconds
   * to open a channel, and giving up on the only manager helps nobody).
   */
  openMs: number;
  /** A read whose answer has not come by then is asked elsewhere (streams have no limit). */
  answerMs: number;
  /**
   * The last manager left waits this long for a read: with the leader gone no manager answers
   * until Raft has elected a new one (10-13 s measured), and there is nowhere else to go.
   */
  lastAnswerMs: number;
}

export const defaultTimings: CallTimings = { openMs: 1_000, answerMs: 5_000, lastAnswerMs: 25_000 };

/**
 * Reads, and writes that carry the object's version index (Swarm refuses a stale one, so a
 * second delivery cannot apply twice), may be sent again.
 */
export function isRetrySafe(options: DialOptions): boolean {
  const method = options.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return true;
  const query = options.options?._query ?? options.options;
  return (
    method === 'POST' &&
    /\/update$/.test(options.path.split('?')[0] ?? '') &&
    query?.version !== undefined
  );
}

type Outcome =
  | { kind: 'answer'; value: unknown }
  | { kind: 'refused'; error: Error & { statusCode: number } }
  | { kind: 'no-answer'; reason: string; sent: boolean; timedOut: boolean }
  | { kind: 'no-leader'; reason: string };

/**
 * Raft has no leader (quorum lost, or an election under way): the manager refused before
 * proposing anything, so nothing was applied and the call may go elsewhere or again.
 */
const noLeader = /does not have a leader/i;

/** One attempt on one manager, giving up on its channel after `openMs` and on a read after `answerMs`. */
function attempt(
  candidate: Candidate,
  options: DialOptions,
  openMs: number,
  answerMs: number,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const trace: CallTrace = { channel: 'none' };
    const abort = new AbortController();
    const callerSignal = options.abortSignal;
    const onCallerAbort = () => abort.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(openTimer);
      clearTimeout(answerTimer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      resolve(outcome);
    };
    // Settled here, not by docker-modem: a request aborted while its channel is still opening
    // reports nothing until the SSH connection itself is declared dead (~9 s).
    const giveUp = () => {
      const sent = maybeSent(trace);
      finish({
        kind: 'no-answer',
        reason: sent ? 'no answer within the deadline' : 'no channel within the deadline',
        sent,
        timedOut: true,
      });
      abort.abort();
    };
    const openTimer = setTimeout(() => {
      if (!maybeSent(trace)) giveUp();
    }, openMs);
    const answerTimer =
      options.isStream || options.hijack || !isRetrySafe(options)
        ? undefined
        : setTimeout(giveUp, answerMs);
    // docker-modem changes the options it is given (path, authconfig): each attempt gets a copy.
    const copy: DialOptions = {
      ...options,
      options: options.options && { ...options.options },
      abortSignal: abort.signal,
    };
    const modem = (
      candidate.docker as unknown as { modem: { dial: (o: DialOptions, cb: DialCallback) => void } }
    ).modem;
    traced(trace, () =>
      modem.dial(copy, (error, value) => {
        if (!error) return finish({ kind: 'answer', value });
        const status = (error as { statusCode?: unknown }).statusCode;
        // 503: this engine cannot act as a manager now (just promoted, or lost the cluster);
        // it served nothing, so another manager may take the call.
        if (status === 503)
          return finish({
            kind: 'no-answer',
            reason: engineMessageOf(error),
            sent: false,
            timedOut: false,
          });
        // The manager forwarded the change to the Raft leader and stopped waiting for it to be
        // committed: it may still be (seen in a CI run). No answer, rather than a refusal.
        if (status === 500 && noLeader.test(engineMessageOf(error)))
          return finish({ kind: 'no-leader', reason: engineMessageOf(error) });
        if (status === 500 && /DeadlineExceeded|context deadline exceeded/.test(error.message))
          return finish({
            kind: 'no-answer',
            reason: engineMessageOf(error),
            sent: true,
            timedOut: false,
          });
        if (typeof status === 'number')
          return finish({ kind: 'refused', error: error as Error & { statusCode: number } });
        finish({
          kind: 'no-answer',
          reason: error.message,
          sent: maybeSent(trace),
          timedOut: false,
        });
      }),
    );
    // No channel was asked for: the agent handed the request a kept-alive one.
    if (trace.channel === 'none') trace.channel = 'reused';
  });
}

export interface RouteHooks {
  /** A manager that did not open a channel or answer in time: ask the others first for now. */
  suspect(candidate: Candidate): void;
  /** Every answer passes here (the gateway learns the leader from node lists). */
  answered?(candidate: Candidate, options: DialOptions, value: unknown): void;
}

/** Runs the call on the candidates in order; resolves with the first answer. */
export async function routeCall(
  candidates: Candidate[],
  options: DialOptions,
  hooks: RouteHooks,
  timings: CallTimings = defaultTimings,
): Promise<unknown> {
  const safe = isRetrySafe(options);
  const failures: string[] = [];
  let leaderless = 0;
  for (const [index, candidate] of candidates.entries()) {
    const last = index === candidates.length - 1;
    const openMs = last ? timings.lastAnswerMs : timings.openMs;
    const answerMs = last ? timings.lastAnswerMs : timings.answerMs;
    // A read that lost its channel on the way gets one more try on a fresh one, same manager.
    for (let tries = 0; tries < 2; tries++) {
      const outcome = await attempt(candidate, options, openMs, answerMs);
      if (outcome.kind === 'answer') {
        hooks.answered?.(candidate, options, outcome.value);
        return outcome.value;
      }
      if (outcome.kind === 'refused') throw engineError(outcome.error, candidate.name);
      if (outcome.kind === 'no-leader') {
        // It answered: not suspect. Another manager may have heard of a newer leader.
        leaderless++;
        failures.push(`${candidate.name}: ${outcome.reason}`);
        break;
      }
      if (options.abortSignal?.aborted) throw options.abortSignal.reason ?? new Error('Aborted');
      if (outcome.sent && !safe) {
        throw new NoAnswerError(
          `${candidate.name} did not answer (${outcome.reason}): the change may or may not have been applied`,
          candidate.name,
          true,
        );
      }
      failures.push(`${candidate.name}: ${outcome.reason}`);
      if (outcome.timedOut || !outcome.sent) {
        hooks.suspect(candidate);
        break;
      }
    }
  }
  if (leaderless && leaderless === failures.length) {
    throw new NoLeaderError(candidates.map((c) => c.name));
  }
  throw new NoAnswerError(
    `No manager answered (${failures.join('; ')})`,
    candidates.map((c) => c.name).join(', '),
    false,
  );
}
