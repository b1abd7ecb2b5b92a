// Stacks for the contract: validate, plan, deploy, roll back, list, inspect, export, remove,
// scale and act on services. Each operation lives in a file of its own (stack-deploy.ts,
// stack-read.ts, stack-remove.ts, stack-scale.ts, service-actions.ts) over one StackContext;
// this class is the face the handlers call. Deploys go through a connected manager of the
// environment; the document and its versions are kept both in the database and on the cluster,
// and a stack found only on the cluster is adopted.
import type {
  ComposeValidation,
  Stack,
  StackDeployResult,
  StackDetail,
  StackPlan,
  StackServiceInfo,
  StackVersionInfo,
} from '../../shared/types.js';
import type { Env } from './interpolate.js';
import { runServiceAction, updateServiceImage } from './service-actions.js';
import {
  stackContext,
  type DeployArgs,
  type PlanArgs,
  type StackContext,
  type StackServiceDeps,
} from './stack-context.js';
import { deployCompose, planStack, rollbackStack, validateCompose } from './stack-deploy.js';
import { exportStack, getStack, listServices, listStacks, stackHistory } from './stack-read.js';
import { removeStack } from './stack-remove.js';
import { scaleService } from './stack-scale.js';

export class StackService {
  private readonly ctx: StackContext;

  constructor(d: StackServiceDeps) {
    this.ctx = stackContext(d);
  }

  validate(compose: string, env: Env = {}, workingDir?: string): ComposeValidation {
    return validateCompose(compose, env, workingDir);
  }

  plan(args: PlanArgs): Promise<StackPlan> {
    return planStack(this.ctx, args);
  }

  deploy(args: DeployArgs): Promise<StackDeployResult> {
    return deployCompose(this.ctx, args);
  }

  history(environmentId: number, name: string): Promise<StackVersionInfo[]> {
    return stackHistory(this.ctx, environmentId, name);
  }

  rollback(args: Parameters<typeof rollbackStack>[1]): Promise<StackDeployResult> {
    return rollbackStack(this.ctx, args);
  }

  list(environmentId: number): Promise<Stack[]> {
    return listStacks(this.ctx, environmentId);
  }

  get(environmentId: number, name: string): Promise<StackDetail> {
    return getStack(this.ctx, environmentId, name);
  }

  export(environmentId: number, name: string): Promise<string> {
    return exportStack(this.ctx, environmentId, name);
  }

  remove(environmentId: number, name: string, operationId?: string): Promise<void> {
    return removeStack(this.ctx, environmentId, name, operationId);
  }

  services(environmentId: number, stack?: string): Promise<StackServiceInfo[]> {
    return listServices(this.ctx, environmentId, stack);
  }

  scale(
    environmentId: number,
    name: string,
    replicas: number,
    operationId?: string,
    actor = 'unknown',
  ): Promise<StackServiceInfo> {
    return scaleService(this.ctx, environmentId, name, replicas, operationId, actor);
  }

  serviceAction(args: Parameters<typeof runServiceAction>[1]): Promise<StackServiceInfo> {
    return runServiceAction(this.ctx, args);
  }

  updateImage(args: Parameters<typeof updateServiceImage>[1]): Promise<StackServiceInfo> {
    return updateServiceImage(this.ctx, args);
  }
}
