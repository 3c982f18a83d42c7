import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: tfjs suites are CPU bound, so more workers only thrash.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // `train --threads auto` (the default) follows the load: tests pin 1 thread, as their
    // expected output does; test/runtime/wasmThreads.test.ts asks for auto and 2 itself.
    env: { AEGANC_THREADS: '1' },
  },
});
