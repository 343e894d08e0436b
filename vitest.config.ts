import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    // Browser steps wait on a real server on a shared 2-core machine: a condition polled in the
    // page may take seconds under load. A poll still fails when the condition never holds.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
