// The destructive suite (`npm run test:destructive`): the ten scenarios against one Swarm
// of five lab hosts (DROVER_DESTRUCTIVE_HOSTS, 3 managers then 2 workers), each with its figure in
// the table printed at the end. See docs/SURVIVE.md for what each proves.
import { afterAll, beforeAll, describe } from 'vitest';
import { consoleScenarios } from './scenarios/console';
import { containerScenarios } from './scenarios/containers';
import { databaseScenarios } from './scenarios/database';
import { linkScenarios } from './scenarios/links';
import { restartScenarios } from './scenarios/restarts';
import { dissolveCluster, formCluster, hosts, type Cluster } from './support/cluster';

let cluster: Cluster | undefined;
let environmentId = 0;
const current = () => {
  if (!cluster) throw new Error('The cluster was not formed');
  return cluster;
};
const hostByName = (name: string) => {
  const host = hosts.find((h) => h.name === name);
  if (!host) throw new Error(`${name} is not one of this suite's hosts`);
  return host;
};

beforeAll(async () => {
  cluster = await formCluster();
  environmentId = cluster.environmentId;
});

afterAll(() => {
  cluster?.core.close();
  dissolveCluster();
});

describe('with the console connected', () => {
  containerScenarios(current, hostByName);
  linkScenarios(current);
  restartScenarios(current);
  afterAll(() => {
    // The next scenarios run their own consoles on the same data directory.
    cluster?.core.close();
  });
});

describe('the console process killed', () => {
  consoleScenarios(() => environmentId);
});

describe('the database lost', () => {
  databaseScenarios(() => environmentId);
});
