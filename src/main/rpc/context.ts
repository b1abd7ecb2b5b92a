import type { ShellKind } from '../../shared/types.js';
import { localAdmin, principalName, type Principal } from '../access/principal.js';
import type { EventSink } from './sink.js';

/** Who is calling and through which shell; every handler gets one, the audit log records it. */
export interface CallContext {
  /** The principal's name as the audit log and acknowledgements show it. */
  actor: string;
  /** Whose rights the call has: checked by the dispatcher before any handler runs. */
  principal: Principal;
  shell: ShellKind;
  /** Where the call came from (a web client's address); absent for in-process shells. */
  clientAddress?: string;
  /**
   * The one shell connection (WebSocket, window, CLI run) the call came through: streams opened
   * by the call send their events only there and close with it. Absent where there is none.
   */
  sink?: EventSink;
  /** The team-mode login session the call came through (web mode with a session cookie). */
  sessionId?: number;
}

/** The workstation's user: the local admin of the console. */
export function localContext(shell: ShellKind): CallContext {
  return principalContext(localAdmin(), shell);
}

export function principalContext(
  principal: Principal,
  shell: ShellKind,
  clientAddress?: string,
): CallContext {
  return { actor: principalName(principal), principal, shell, clientAddress };
}
