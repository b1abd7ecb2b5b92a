// "nginx cluster": one nginx service with N replicas behind a Drover load balancer on one port.
// The replicas publish nothing themselves: without IPVS a published port binds in host mode, once
// per host, so more replicas than hosts could never all run; the LB's edge holds the port on
// every host and spreads requests over all replicas, with or without IPVS.
import type { TemplateDefinition } from './definition.js';

export function nginxCluster(defaultImage: string): TemplateDefinition {
  return {
    id: 'nginx-cluster',
    name: 'nginx cluster',
    description:
      'nginx replicated over the cluster (10 by default) behind a load balancer that listens on one port of every host.',
    stackName: 'web-server',
    questions: [
      { id: 'image', label: 'nginx image', type: 'image', default: defaultImage, required: true },
      { id: 'replicas', label: 'Replicas', type: 'number', default: 10, required: true },
      {
        id: 'port',
        label: 'Load balancer port (empty: no load balancer)',
        type: 'number',
        default: 8080,
        required: false,
      },
    ],
    build: (a) => ({
      services: {
        'nginx-cluster': {
          image: a.image,
          deploy: {
            replicas: a.replicas,
            update_config: { parallelism: 2, order: 'start-first', failure_action: 'rollback' },
          },
        },
        ...(a.port
          ? {
              // No image: the LB image setting.
              lb: {
                'x-drover-lb': {
                  hosts: 'all',
                  rules: [{ listen: a.port, protocol: 'http', target: 'nginx-cluster', port: 80 }],
                },
              },
            }
          : {}),
      },
    }),
  };
}
