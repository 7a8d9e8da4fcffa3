/**
 * Time limits for tests that wait on other processes. Each is several times what the test takes on
 * a quiet 2-core machine, so it stays green beside other work and still ends a test that hangs.
 */

/** Tests that start the built server (a Node process that loads and checks the whole line). */
export const SERVER_TEST_MS = 45_000;
/** Tests that start Chromium and walk a call through the try page. */
export const BROWSER_TEST_MS = 90_000;
/** Tests that start ESLint with the type-aware rules (it loads a TypeScript program first). */
export const LINT_TEST_MS = 45_000;
/** How long a started server may take to answer /healthz. */
export const SERVER_READY_MS = 20_000;
/** Hooks that walk and check the shipped line over a week (tests/support/shipped-week.ts): about 10 s on a quiet machine. */
export const WALK_HOOK_MS = 120_000;
/** Tests that compile a copy of the project with tsc (about 5 s a build on a quiet machine, 15 s beside other work). */
export const BUILD_TEST_MS = 120_000;
