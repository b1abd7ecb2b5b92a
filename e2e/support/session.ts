// One e2e spec's console, API and browser page on its lab hosts: registers the beforeAll that
// starts them (hosts out of any Swarm first) and the afterAll that stops them and leaves the
// hosts clean, so each spec states only what differs (viewport, first page, what it deploys).
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addLabHosts, connectApi, removeAllHosts, type ConsoleApi } from './api';
import { launchBrowser } from './browser';
import { startConsole, type RunningConsole } from './console';
import { leaveSwarm, type Lab, type LabHost } from './lab';

export interface LabSession {
  readonly drover: RunningConsole;
  readonly api: ConsoleApi;
  /** The first environment, holding the lab hosts (set unless `addHosts` is false). */
  readonly environmentId: number;
  readonly browser: Browser;
  readonly page: Page;
}

export interface LabSessionOptions {
  viewport: { width: number; height: number };
  /** The page's default timeout for actions and waits, in ms. */
  timeout: number;
  /** Where the page opens first: a hash route such as '#/hosts', or '' for the console's start. */
  route: string;
  /** Waits until the first page is ready to drive (e.g. its heading is shown). */
  ready?: (page: Page) => Promise<void>;
  /** Adds the hosts through the API before the browser opens (false: the test adds them). */
  addHosts?: boolean;
  /** After the hosts are added, before the browser opens: deploys, thresholds, containers. */
  prepare?: (session: LabSession) => Promise<void> | void;
  /** Before the first navigation, e.g. to listen to the page's WebSocket. */
  watch?: (page: Page) => void;
  /** Stacks removed through the API at the end (errors ignored: a test may have removed them). */
  stacks?: string[];
  /** Removes every host through the API at the end (for tests that add hosts themselves). */
  removeHosts?: boolean;
  /** Clears what the spec leaves on the hosts outside Drover: before the run and at the end. */
  clean?: () => void;
  /** Timeouts of the set-up and tear-down hooks, in ms. */
  setUpTimeout?: number;
  tearDownTimeout?: number;
}

export function labSession(lab: Lab, hosts: LabHost[], options: LabSessionOptions): LabSession {
  let drover: RunningConsole | undefined;
  let api: ConsoleApi | undefined;
  let environmentId: number | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The lab session has no ${what} (set-up failed?)`);
    return value;
  };
  const session: LabSession = {
    get drover() {
      return started(drover, 'console');
    },
    get api() {
      return started(api, 'API');
    },
    get environmentId() {
      return started(environmentId, 'environment');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get page() {
      return started(page, 'page');
    },
  };

  beforeAll(async () => {
    // Hosts left in a Swarm by an interrupted run would be adopted or refused.
    leaveSwarm(lab, hosts);
    options.clean?.();
    drover = await startConsole();
    api = await connectApi(drover);
    if (options.addHosts !== false) environmentId = await addLabHosts(api, lab, hosts);
    await options.prepare?.(session);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: options.viewport });
    page.setDefaultTimeout(options.timeout);
    options.watch?.(page);
    await page.goto(`${drover.url}${options.route}`);
    await options.ready?.(page);
  }, options.setUpTimeout ?? 300_000);

  afterAll(async () => {
    await browser?.close();
    if (api) {
      for (const name of options.stacks ?? []) {
        await api.call('stack.remove', { environmentId, name }, 180_000).catch(() => undefined);
      }
      if (options.removeHosts) await removeAllHosts(api).catch(() => undefined);
      api.close();
    }
    try {
      options.clean?.();
    } catch {
      // Leaving the Swarm below removes what is left of services.
    }
    await drover?.stop();
    leaveSwarm(lab, hosts);
  }, options.tearDownTimeout ?? 300_000);

  return session;
}
