import os from 'node:os';
import type { ShellKind } from '../../shared/types.js';
import type { EventSink } from './sink.js';

/** Who is calling and through which shell; every handler gets one, the audit log records it. */
export interface CallContext {
  actor: string;
  shell: ShellKind;
  /**
   * The one shell connection (WebSocket, window, CLI run) the call came through: streams opened
   * by the call send their events only there and close with it. Absent where there is none.
   */
  sink?: EventSink;
}

/** The workstation's user. Users and roles (a later feature) refine this for web-mode sessions. */
export function localContext(shell: ShellKind): CallContext {
  let actor = process.env.USER ?? 'unknown';
  try {
    actor = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): keep the environment's answer.
  }
  return { actor, shell };
}
