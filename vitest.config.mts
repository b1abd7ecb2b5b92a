import { defineConfig } from 'vitest/config';

// Four suites: unit (fast, no lab), integration (real SSH + Docker lab hosts, needs root and
// `npm run lab:up`), e2e (the built console in Debian's Chromium, against web mode), destructive (faults injected into the lab, e2e/destructive/).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'e2e/lab/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'destructive',
          include: ['e2e/destructive/**/*.destructive.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
