// Labels that mark stack objects on the cluster. The first two are docker's own (docker/cli
// cli/compose/convert), so stacks made by either tool are the same to both.
export const LABEL_NAMESPACE = 'com.docker.stack.namespace';
export const LABEL_IMAGE = 'com.docker.stack.image';
/** On Drover's compose-document configs: the stack version the document is. */
export const LABEL_DROVER_VERSION = 'com.drover.stack.version';

export const scope = (stack: string, name: string) => `${stack}_${name}`;
export const composeConfigName = (stack: string, version: number) =>
  `${stack}_drover-compose-v${version}`;
export const COMPOSE_CONFIG_PATTERN = /_drover-compose-v(\d+)$/;
/** On a service stopped by Drover: the replicas to come back to on start. */
export const LABEL_STOPPED_REPLICAS = 'com.drover.stopped-replicas';

/** The replicas a stopped service remembers (its labels), or null when it was not stopped. */
export function stoppedReplicas(labels: Record<string, string> | undefined): number | null {
  const count = Number(labels?.[LABEL_STOPPED_REPLICAS]);
  return Number.isInteger(count) && count > 0 ? count : null;
}
