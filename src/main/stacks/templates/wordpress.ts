// "WordPress + MariaDB": WordPress and its database on the stack's network, reaching it by the
// service name "db"; the database keeps its files in a named volume.
import type { TemplateDefinition } from './definition.js';
import { passwordSecret, publish } from './definition.js';

export function wordpress(): TemplateDefinition {
  const password = passwordSecret('dbPassword');
  return {
    id: 'wordpress',
    name: 'WordPress + MariaDB',
    description:
      'WordPress and a MariaDB database on the stack network, the database in a named volume. The password becomes a Swarm secret both read from /run/secrets.',
    stackName: 'wordpress',
    questions: [
      {
        id: 'wordpressImage',
        label: 'WordPress image',
        type: 'image',
        default: 'wordpress:6-apache',
        required: true,
      },
      {
        id: 'mariadbImage',
        label: 'MariaDB image',
        type: 'image',
        default: 'mariadb:11',
        required: true,
      },
      { id: 'dbPassword', label: 'Database password', type: 'password', required: true },
      { id: 'port', label: 'Published port', type: 'number', default: 8080, required: false },
    ],
    build: (a) => ({
      services: {
        wordpress: {
          image: a.wordpressImage,
          environment: {
            WORDPRESS_DB_HOST: 'db',
            WORDPRESS_DB_USER: 'wordpress',
            // The official images read *_FILE variables from the secret's file.
            WORDPRESS_DB_PASSWORD_FILE: password.file,
            WORDPRESS_DB_NAME: 'wordpress',
          },
          secrets: [password.name],
          ports: publish(a.port as number | undefined, 80),
          deploy: { replicas: 1 },
        },
        db: {
          image: a.mariadbImage,
          environment: {
            MARIADB_DATABASE: 'wordpress',
            MARIADB_USER: 'wordpress',
            MARIADB_PASSWORD_FILE: password.file,
            MARIADB_RANDOM_ROOT_PASSWORD: '1',
          },
          secrets: [password.name],
          volumes: ['db-data:/var/lib/mysql'],
          deploy: { replicas: 1 },
        },
      },
      volumes: { 'db-data': {} },
      secrets: { [password.name]: { environment: password.variable } },
    }),
  };
}
