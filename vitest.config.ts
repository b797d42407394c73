import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    // Resolves (and if need be unpacks) the browser once, before the workers start.
    globalSetup: ['tests/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests poll for what another page shows; on a busy 2-core CI machine
    // a render or a round trip can take longer than the default second.
    expect: { poll: { timeout: 5_000 } },
    // Integration and browser tests start real servers and Chromium: keep the
    // 2-core CI machine from being oversubscribed.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
