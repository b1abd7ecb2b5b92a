// "nginx cluster": one nginx service with N replicas, published on one port.
import type { TemplateDefinition } from './catalog.js';
import { publish } from './catalog.js';

export function nginxCluster(defaultImage: string): TemplateDefinition {
  return {
    id: 'nginx-cluster',
    name: 'nginx cluster',
    description:
      'nginx replicated over the cluster (10 by default), published on one port. Without IPVS on the hosts the port is published in host mode: one replica per host can bind it.',
    stackName: 'web-server',
    questions: [
      { id: 'image', label: 'nginx image', type: 'image', default: defaultImage, required: true },
      { id: 'replicas', label: 'Replicas', type: 'number', default: 10, required: true },
      {
        id: 'port',
        label: 'Published port (empty: not published)',
        type: 'number',
        default: 8080,
        required: false,
      },
    ],
    build: (a) => ({
      services: {
        'nginx-cluster': {
          image: a.image,
          ports: publish(a.port as number | undefined, 80),
          deploy: {
            replicas: a.replicas,
            update_config: { parallelism: 2, order: 'start-first', failure_action: 'rollback' },
          },
        },
      },
    }),
  };
}
