// Requests the core is gaining while this view is built (stack.plan, stack.history, service
// actions, templates, container.list). Typed here to the shapes agreed with the core; called
// through the generic invoke so the renderer compiles before and after they land. When the core
// answers UNKNOWN_METHOD the callers fall back (a local plan, tasks from stack.get) or say so.
import type { ComposeError } from '../../../shared/types';
import { api } from '../../lib/api';
import { errorCode } from '../../lib/errors';

export type ObjectKind = 'service' | 'network' | 'volume' | 'config' | 'secret';
export type ChangeAction = 'create' | 'update' | 'remove' | 'unchanged';

export interface PlanChange {
  kind: ObjectKind;
  name: string;
  action: ChangeAction;
  fields: string[];
}

export interface StackPlan {
  errors: { line: number | null; column: number | null; message: string }[];
  diff: string;
  changes: PlanChange[];
  warnings: string[];
}

export interface StackVersion {
  version: number;
  appliedAt: string;
  actor: string;
  compose: string;
  /** Why the version exists when it was not a deploy: "scaled web to 3", "rollback to 2". */
  note?: string | null;
}

export type QuestionType = 'string' | 'number' | 'password' | 'image';

export interface TemplateQuestion {
  id: string;
  label: string;
  type: QuestionType;
  default?: string | number;
  required: boolean;
}

export interface StackTemplate {
  id: string;
  name: string;
  description: string;
  questions: TemplateQuestion[];
}

export interface ContainerInfo {
  id: string;
  name: string;
  hostId: number | null;
  hostName: string | null;
  stack: string | null;
  service: string | null;
  taskSlot: number | null;
  state: string;
  status: string;
  image: string;
  createdAt: string;
  startedAt: string | null;
}

interface ComingRequests {
  'stack.plan': [
    { environmentId: number; name: string; compose: string; env?: Record<string, string> },
    StackPlan,
  ];
  'stack.history': [{ environmentId: number; name: string }, StackVersion[]];
  'stack.rollback': [
    { environmentId: number; name: string; version: number; operationId?: string },
    unknown,
  ];
  'service.stop': [{ environmentId: number; service: string; operationId?: string }, unknown];
  'service.start': [{ environmentId: number; service: string; operationId?: string }, unknown];
  'service.restart': [{ environmentId: number; service: string; operationId?: string }, unknown];
  'service.update': [
    { environmentId: number; service: string; image: string; operationId?: string },
    unknown,
  ];
  'service.rollback': [{ environmentId: number; service: string; operationId?: string }, unknown];
  'template.list': [Record<string, never>, StackTemplate[]];
  'template.render': [
    { id: string; answers: Record<string, string | number> },
    { compose: string; name: string },
  ];
  'container.list': [{ environmentId: number }, ContainerInfo[]];
}

export type ComingMethod = keyof ComingRequests;

const untyped = (method: string, args: unknown): Promise<unknown> =>
  (api.invoke as unknown as (method: string, args: unknown) => Promise<unknown>).call(
    api,
    method,
    args,
  );

/** Methods the core said it does not know, so we stop asking until the page reloads. */
const missing = new Set<string>();

export function invokeComing<M extends ComingMethod>(
  method: M,
  args: ComingRequests[M][0],
): Promise<ComingRequests[M][1]> {
  if (missing.has(method)) return Promise.reject(new NotYetError(method));
  return untyped(method, args).catch((error: unknown) => {
    if (errorCode(error) === 'UNKNOWN_METHOD') {
      missing.add(method);
      throw new NotYetError(method);
    }
    throw error;
  }) as Promise<ComingRequests[M][1]>;
}

/** The core does not answer this request yet. */
export class NotYetError extends Error {
  constructor(readonly method: string) {
    super(`This console’s core does not offer ${method} yet`);
    this.name = 'NotYetError';
  }
}

export const isNotYet = (error: unknown): error is NotYetError => error instanceof NotYetError;

export function isKnownMissing(method: ComingMethod): boolean {
  return missing.has(method);
}

/** The container.changed event, once the core sends it. */
export function onContainerChanged(listener: (environmentId: number) => void): () => void {
  const on = (
    api.on as unknown as (event: string, listener: (payload: unknown) => void) => () => void
  ).bind(api);
  return on('container.changed', (payload) => {
    const environmentId =
      typeof payload === 'number'
        ? payload
        : (payload as { environmentId?: number } | null)?.environmentId;
    if (typeof environmentId === 'number') listener(environmentId);
  });
}

export type { ComposeError };
