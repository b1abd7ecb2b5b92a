// Types of soak-run.mjs for the TypeScript test that runs it on the sources.
export interface SoakResult {
  minutes: number;
  warmupMinutes: number;
  hosts: number;
  replicas: number;
  samples: number;
  rssStartMiB: number;
  rssEndMiB: number;
  heapStartMiB: number;
  heapEndMiB: number;
  rssGrowthMiBPer30Min: number;
  heapGrowthMiBPer30Min: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** The same in an idle Node process beside it (the machine's share of the delay). */
  idleLoopDelayP99Ms: number | null;
  idleLoopDelayMaxMs: number | null;
  logLines: string[];
  kills: number;
  churnError?: string;
  whole: boolean;
  client: { messages: number; mib: number; events: Record<string, number>; errors: string[] };
}

export function runSoak(options: {
  createCore: unknown;
  startWebServer: unknown;
  lab: unknown;
  hosts: unknown[];
  dataDir: string;
  staticDir: string;
  minutes: number;
  warmupMinutes: number;
  replicas?: number;
  killEverySeconds?: number;
  killsPerRound?: number;
  sampleEverySeconds?: number;
  progress?: (line: string) => void;
  /** Passed on to createCore (the test shortens the metrics' live window). */
  coreOptions?: Record<string, unknown>;
}): Promise<SoakResult>;
