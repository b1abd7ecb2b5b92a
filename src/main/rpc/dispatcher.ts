// The one place every request passes: method lookup, argument validation, authorization (deny
// by default), the handler call, results cut down to what the caller may see, the audit record
// for state-changing calls and refusals, and the error envelope returned to any shell.
import { ZodError } from 'zod';
import {
  isMethod,
  requests,
  type Method,
  type ParsedArgsOf,
  type ResultOf,
} from '../../shared/contract.js';
import { DroverError, type Envelope } from '../../shared/errors.js';
import type { CallContext } from './context.js';
import type { AuditRecord } from '../audit/log.js';
import type { Authorizer } from '../access/authorize.js';
import { engineError, statusOf } from '../swarm/engine-error.js';

export type Handler<M extends Method> = (
  args: ParsedArgsOf<M>,
  ctx: CallContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type Handlers = { [M in Method]: Handler<M> };

/**
 * What the audit log names as the target of a mutation, e.g. the environment's name. Worked out
 * before the handler runs, so a removed object is still named.
 */
export type AuditTargets = { [M in Method]?: (args: ParsedArgsOf<M>) => string };

export interface DispatcherOptions {
  handlers: Handlers;
  targets?: AuditTargets;
  /** Decides every call before its handler runs (design decision 9). */
  access: Pick<Authorizer, 'authorize' | 'restrict' | 'environmentOf'>;
  audit: (record: AuditRecord) => void;
  /** The clock audit records are stamped with. */
  now?: () => Date;
}

export type Dispatch = (
  method: unknown,
  args: unknown,
  ctx: CallContext,
) => Promise<Envelope<unknown>>;

export function createDispatcher({
  handlers,
  targets = {},
  access,
  audit,
  now = () => new Date(),
}: DispatcherOptions): Dispatch {
  return async (method, rawArgs, ctx) => {
    // A deploy may take minutes: its record says when it was asked for, and when it ended.
    const startedAt = now().toISOString();
    if (!isMethod(method)) {
      return failure(new DroverError('UNKNOWN_METHOD', `Unknown request ${String(method)}`));
    }
    const spec = requests[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const error = new DroverError('INVALID_ARGUMENT', describeZodError(parsed.error));
      if (spec.mutates) record(method, rawArgs, ctx, startedAt, error);
      return failure(error);
    }
    let decision;
    try {
      decision = await access.authorize(ctx.principal, method, parsed.data);
    } catch (thrown) {
      // Every refusal is recorded, queries too: someone probing is worth knowing about.
      const error = toDroverError(thrown);
      record(method, parsed.data, ctx, startedAt, error, targetOf(method, parsed.data));
      return failure(error);
    }
    const handler = handlers[method] as Handler<Method>;
    const target = spec.mutates ? targetOf(method, parsed.data) : '';
    try {
      const result = await handler(parsed.data as ParsedArgsOf<Method>, ctx);
      if (spec.mutates) record(method, parsed.data, ctx, startedAt, undefined, target);
      return { ok: true, result: access.restrict(method, result ?? null, decision, parsed.data) };
    } catch (thrown) {
      const error = toDroverError(thrown);
      if (spec.mutates) record(method, parsed.data, ctx, startedAt, error, target);
      return failure(error);
    }
  };

  function targetOf(method: Method, args: unknown): string {
    const name = targets[method] as ((a: unknown) => string) | undefined;
    try {
      return name?.(args) ?? '';
    } catch {
      // A target that cannot be named (e.g. unknown id) still gets its audit record.
      return '';
    }
  }

  function record(
    method: Method,
    args: unknown,
    ctx: CallContext,
    startedAt: string,
    error?: DroverError,
    target = '',
  ): void {
    const entry: AuditRecord = {
      actor: ctx.actor,
      shell: ctx.shell,
      clientAddress: ctx.clientAddress,
      environmentId: access.environmentOf(method, args),
      action: method,
      target,
      details: args,
      result: !error
        ? 'ok'
        : error.code === 'FORBIDDEN'
          ? 'denied'
          : error.details?.outcome === 'unknown'
            ? 'unknown'
            : 'error',
      error: error?.message,
      startedAt,
      endedAt: now().toISOString(),
    };
    try {
      audit(entry);
    } catch (auditError) {
      // The change itself happened (or failed) already; report it truthfully and say loudly
      // that its audit record is missing rather than turning a success into an error.
      console.error('Drover: could not write the audit record for', method, auditError);
    }
  }
}

function failure(error: DroverError): Envelope<never> {
  return { ok: false, error: error.payload() };
}

export function toDroverError(thrown: unknown): DroverError {
  if (thrown instanceof DroverError) return thrown;
  if (thrown instanceof ZodError)
    return new DroverError('INVALID_ARGUMENT', describeZodError(thrown));
  // An engine's answer that reached here without the gateway (a host's own Docker).
  if (statusOf(thrown) !== undefined) return engineError(thrown as Error, '');
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new DroverError('INTERNAL', message);
}

function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
