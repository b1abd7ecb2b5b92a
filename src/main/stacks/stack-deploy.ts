// Deploying a compose document: validated and converted without touching the cluster, planned
// against what runs, applied as a new version (a lost answer checked against the cluster), and
// rolled back by redeploying an earlier version.
import type Docker from 'dockerode';
import { DroverError } from '../../shared/errors.js';
import type { ComposeValidation, StackDeployResult, StackPlan } from '../../shared/types.js';
import type { ComposeIssue } from './parse.js';
import { NoAnswerError } from '../swarm/engine-error.js';
import { progressReporter } from '../operations/progress.js';
import { loadCompose } from './compose.js';
import { composeFileReader } from './file-access.js';
import { convertStack, type StackPlan as ConvertedStack } from './convert.js';
import { assertManager, deployStack } from './deploy.js';
import type { Env } from './interpolate.js';
import { planChanges } from './plan-view.js';
import { guardrailRefusals, type DeployGuard } from './guardrails.js';
import { guardrailError } from './guardrails-spec.js';
import { refusalDtos, refusalText, type Refusal } from './refusal.js';
import { readCluster } from './cluster-state.js';
import { planDeploy, type DeployPlan } from './planner.js';
import { unifiedDiff } from './text-diff.js';
import type { StackVersion } from './repository.js';
import type { StackContext, DeployArgs, PlanArgs } from './stack-context.js';
import { nextVersion, stackDocument } from './stack-documents.js';
import { stackHistory } from './stack-read.js';

type Prepared =
  | { ok: true; converted: ConvertedStack; warnings: string[]; guarded: Refusal[] }
  | { ok: false; errors: ComposeIssue[]; warnings: string[] };

export function validateCompose(
  compose: string,
  env: Env = {},
  workingDir?: string,
): ComposeValidation {
  const loaded = loadCompose(compose, { env, workingDir });
  return {
    valid: loaded.ok,
    errors: loaded.ok
      ? []
      : loaded.errors.map((e) => ({
          message: e.message,
          path: e.path,
          line: e.line ?? null,
          column: e.column ?? null,
        })),
    warnings: loaded.warnings,
  };
}

/** The file loaded and converted, or its errors; nothing touches the cluster. */
function prepare(ctx: StackContext, args: PlanArgs): Prepared {
  const loaded = loadCompose(args.compose, { env: args.env ?? {}, workingDir: args.workingDir });
  if (!loaded.ok) return loaded;
  const guarded = args.guard ? guardrailRefusals(loaded.data, loaded.model, args.guard) : [];
  try {
    const converted = convertStack(args.name, loaded.model, {
      routingMesh: ctx.routingMesh(args.environmentId),
      lbImage: ctx.d.lbImage?.(),
      readFile: composeFileReader(args.filesFrom),
    });
    return {
      ok: true,
      converted,
      warnings: [...loaded.warnings, ...converted.warnings],
      guarded,
    };
  } catch (error) {
    return {
      ok: false,
      errors: [{ message: (error as Error).message, path: '' }],
      warnings: loaded.warnings,
    };
  }
}

/** What the converted file would change on the cluster (deploy applies the same plan). */
async function planOn(
  ctx: StackContext,
  docker: Docker,
  environmentId: number,
  converted: ConvertedStack,
): Promise<DeployPlan> {
  await assertManager(docker);
  return planDeploy(converted, await readCluster(docker, converted, ctx.logins(environmentId)));
}

export async function planStack(ctx: StackContext, args: PlanArgs): Promise<StackPlan> {
  const prepared = prepare(ctx, args);
  if (!prepared.ok) {
    return {
      errors: prepared.errors.map((e) => ({
        line: e.line ?? null,
        column: e.column ?? null,
        message: e.path ? `${e.path}: ${e.message}` : e.message,
      })),
      diff: '',
      changes: [],
      refusals: [],
      warnings: prepared.warnings,
    };
  }
  const docker = ctx.d.swarm.manager(args.environmentId);
  const plan = await planOn(ctx, docker, args.environmentId, prepared.converted);
  const exists =
    plan.services.some((s) => s.action !== 'create') ||
    Boolean(ctx.d.stacks.find(args.environmentId, args.name));
  const before = exists
    ? (await stackDocument(ctx, docker, args.environmentId, args.name)).compose
    : '';
  return {
    errors: [],
    diff: exists
      ? unifiedDiff(before, args.compose, {
          before: `${args.name} (deployed)`,
          after: `${args.name} (new)`,
        })
      : '',
    changes: planChanges(plan),
    refusals: refusalDtos([...prepared.guarded, ...plan.refusals], args.compose),
    warnings: [...prepared.warnings, ...plan.warnings],
  };
}

export async function deployCompose(
  ctx: StackContext,
  args: DeployArgs,
): Promise<StackDeployResult> {
  const startedAt = new Date().toISOString();
  const progress = progressReporter(ctx.d.events, args.operationId, args.environmentId);
  const prepared = prepare(ctx, args);
  if (!prepared.ok) {
    throw new DroverError(
      'INVALID_ARGUMENT',
      `The compose file is invalid; nothing was changed:\n${prepared.errors
        .map(
          (e) =>
            `  ${e.line !== undefined ? `line ${e.line}:${e.column ?? 1}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`,
        )
        .join('\n')}`,
    );
  }
  // Before the cluster is asked anything: a refused file creates nothing.
  if (prepared.guarded.length) {
    throw guardrailError(
      refusalDtos(prepared.guarded, args.compose).map(
        (r) => `${r.line !== null ? `line ${r.line}: ` : ''}${refusalText(r)}`,
      ),
    );
  }
  const docker = ctx.d.swarm.manager(args.environmentId);
  const plan = await planOn(ctx, docker, args.environmentId, prepared.converted);
  plan.warnings.unshift(...prepared.warnings);
  const version = await nextVersion(ctx, docker, args.environmentId, args.name);
  for (const warning of plan.warnings) progress('warning', 'warn', warning);

  const secretVariables = new Set(prepared.converted.secrets.map((x) => x.variable));
  const options = {
    version,
    compose: args.compose,
    progress,
    waitMs: ctx.convergeTimeoutMs,
    logins: ctx.logins(args.environmentId),
  };
  const previous = ctx.d.stacks.find(args.environmentId, args.name)?.version ?? null;
  let result: StackDeployResult;
  try {
    result = await deployStack(docker, plan, options);
  } catch (error) {
    result = await checkLostDeploy(ctx, error, args, prepared.converted, options, previous);
  }
  ctx.d.stacks.recordVersion(args.environmentId, args.name, {
    version,
    compose: args.compose,
    actor: args.actor,
    appliedAt: startedAt,
    endedAt: new Date().toISOString(),
    // A secret's value is not kept: the cluster has the secret, a redeploy keeps it.
    env: Object.fromEntries(
      Object.entries(args.env ?? {}).filter(
        (e): e is [string, string] => e[1] !== undefined && !secretVariables.has(e[0]),
      ),
    ),
    // Only a folder files were read from is kept: a redeploy reads them there again.
    workingDir: args.filesFrom,
    note: args.note,
  });
  ctx.changed(args.environmentId);
  progress(
    'done',
    result.converged ? 'done' : 'warn',
    `Stack ${args.name} version ${version} deployed${result.unconverged
      .map((u) => `; ${u.service}: ${u.reason}`)
      .join('')}`,
  );
  return result;
}

/**
 * A deploy that lost an answer on the way is checked against the cluster and finished from
 * there, once: a fresh plan keeps what the cluster already holds and applies what it lacks.
 * When the cluster cannot be asked, the outcome is unknown; an engine's refusal midway says what
 * was applied and which version undoes it.
 */
async function checkLostDeploy(
  ctx: StackContext,
  error: unknown,
  args: DeployArgs,
  converted: ConvertedStack,
  options: Parameters<typeof deployStack>[2],
  previous: number | null,
): Promise<StackDeployResult> {
  const lost =
    error instanceof NoAnswerError ||
    (error instanceof DroverError && error.code === 'UNAVAILABLE');
  const details = error instanceof DroverError ? error.details : undefined;
  if (lost) {
    const docker = ctx.d.swarm.manager(args.environmentId);
    const now = await planOn(ctx, docker, args.environmentId, converted).catch(() => undefined);
    if (now) {
      // Checked against the cluster: what it already holds stays, what it lacks is applied.
      const done = planChanges(now).every((c) => c.action === 'unchanged');
      options.progress(
        'check',
        'done',
        done
          ? 'An answer was lost on the way; the cluster shows the deploy applied'
          : 'An answer was lost on the way; applying what the cluster does not hold yet',
      );
      return deployStack(docker, now, options);
    }
    throw new DroverError(
      'UNAVAILABLE',
      `The outcome of the deploy is unknown: ${(error as Error).message.replace(/\.*$/, '')}. Drover could not check the cluster; open the stack to see what runs, or deploy again.`,
      { ...details, outcome: 'unknown', rollbackTo: previous },
    );
  }
  if (error instanceof DroverError && details?.applied)
    throw new DroverError(error.code, error.message, { ...details, rollbackTo: previous });
  throw error;
}

/** Redeploys an earlier version's document (with its variables) as a new version. */
export async function rollbackStack(
  ctx: StackContext,
  args: {
    environmentId: number;
    name: string;
    version: number;
    operationId?: string;
    actor: string;
    guard?: DeployGuard;
  },
): Promise<StackDeployResult> {
  await stackHistory(ctx, args.environmentId, args.name);
  const stack = ctx.d.stacks.find(args.environmentId, args.name);
  const target = stack && ctx.d.stacks.versions(stack.id).find((v) => v.version === args.version);
  if (!target) {
    throw new DroverError('NOT_FOUND', `Stack ${args.name} has no version ${args.version}`);
  }
  return redeployVersion(ctx, target, { ...args, note: `rollback to version ${args.version}` });
}

/**
 * Deploys a stored version's document again, with its variables, as a new version. Its files
 * are read again from the folder they were read from at first (a CLI deploy's; none otherwise).
 */
export function redeployVersion(
  ctx: StackContext,
  version: Pick<StackVersion, 'compose' | 'env' | 'workingDir'>,
  args: {
    environmentId: number;
    name: string;
    operationId?: string;
    actor: string;
    note: string;
    guard?: DeployGuard;
  },
): Promise<StackDeployResult> {
  const folder = version.workingDir ?? undefined;
  return deployCompose(ctx, {
    ...args,
    compose: version.compose,
    env: version.env,
    workingDir: folder,
    filesFrom: folder,
  });
}
