import { defineConfig } from 'vitest/config';

/**
 * Limits for a busy 2-core machine (CI, or a laptop running other work). A test of pure code
 * takes well under a second on a quiet machine; 20 s leaves room for a machine four times
 * slower than that and still stops a test that hangs. Tests that start servers, browsers or
 * ESLint declare their own, longer limits (tests/support/timeouts.ts).
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // dist/ is built from the sources as they are, and the fixture line says every sentence the call flow reads.
    globalSetup: ['tests/support/fresh-build.ts', 'tests/support/check-fixture-line.ts'],
    environment: 'node',
    // Vitest's own default is one worker fewer than the cores: one file at a time on 2 cores (110 s).
    // Two keep both cores busy (three were no faster) and stay green beside two CPU-bound
    // processes (docs/testing.md).
    maxWorkers: 2,
    // The test files of one worker share its loaded modules instead of loading the whole line again
    // for each file: 50 s instead of 62 s quiet, 78 s of CPU instead of 102 s (docs/testing.md).
    // So a file that changes something process-wide puts it back when it ends: nock is active only
    // while a file that calls interceptTwilio runs (tests/support/twilio-nock.ts); no test changes
    // process.env for good, mocks a module, or fakes the clock (the clock is passed in).
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    teardownTimeout: 30_000,
    // expect.poll waits on a browser or a server in a few tests; its default of 1 s is too short beside other work.
    expect: { poll: { timeout: 15_000 } },
  },
});
