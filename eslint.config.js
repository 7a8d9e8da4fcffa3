import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Layers, lowest first. Each folder under src/ (and each folder under src/tools/) is one layer, and
 * says below which layers it may import: an allow-list, so a new folder is closed until it is named.
 * The rules work on resolved paths (eslint-plugin-import-x with the TypeScript resolver), so every
 * form of import counts: static, `export … from`, dynamic `import()`, with or without `node:`.
 *
 * 0. vendor/: the one file that reaches into twilio's internal paths. content/: the schemas of the
 *    files editors write and how an error is told.
 * 1. hotline/: the line itself, with no I/O: the call flow, menus, helplines and hours, prompts, the
 *    TwiML renderer. Only the packages in HOTLINE_PACKAGES, no Node built-in, no process or fetch.
 *    Everything above it imports it through its one door, src/hotline/index.ts.
 * 2. load/ (reading the line's files), settings/ (the environment), cli/ (the command-line module).
 * 3. server/: the adapter: Express, signatures, the text message and its limits, metrics, logs.
 * 4. tools/: walk/ (the one walker of calls), then checks/ and simulator/, then try/ and operations/.
 * 5. src/main.ts and scripts/: entry points, free to compose anything.
 * No import cycles anywhere in src/ (type-only imports are erased and do not count).
 */
const HOTLINE_DOOR = 'hotline/index.ts';
const LAYERS = {
  vendor: [],
  content: [],
  hotline: ['content', 'vendor'],
  load: ['content', HOTLINE_DOOR],
  settings: ['content', HOTLINE_DOOR],
  cli: ['content'],
  server: ['content', 'vendor', HOTLINE_DOOR, 'settings', 'cli'],
  'tools/walk': ['content', HOTLINE_DOOR],
  'tools/checks': ['content', HOTLINE_DOOR, 'load', 'tools/walk'],
  'tools/simulator': ['content', HOTLINE_DOOR, 'load', 'settings', 'cli', 'server', 'tools/walk'],
  'tools/try': ['content', HOTLINE_DOOR, 'load', 'settings', 'server', 'tools/walk', 'tools/simulator'],
  'tools/operations': ['content', HOTLINE_DOOR, 'load', 'settings', 'cli', 'server', 'tools/walk', 'tools/checks'],
};
/** The packages the line itself may use: words, time zones, holidays, schemas (and the TwiML builder through vendor/). */
const HOTLINE_PACKAGES = ['i18next', 'date-fns', 'date-fns-tz', 'date-easter', 'zod'];

const zones = Object.entries(LAYERS).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [layer, ...allowed].map((path) => `./${path}`),
  message: `src/${layer}/ may import only ${[layer, ...allowed].map((p) => `src/${p}`).join(', ')} (the layers in eslint.config.js).`,
}));
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hotlinePackages = new RegExp(`^(?!\\.{1,2}/|(?:${HOTLINE_PACKAGES.map(escapeRegExp).join('|')})(?:/|$))`).source;
const TWILIO_INTERNALS = { group: ['twilio/lib', 'twilio/lib/*'], message: 'Only src/vendor/twilio-internals.ts imports twilio/lib/…: import from it.' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-unresolved': 'error',
    },
  },
  {
    files: ['src/hotline/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': ['error', { patterns: [{ regex: hotlinePackages, message: `The line itself uses only ${HOTLINE_PACKAGES.join(', ')}: no HTTP, files, logs or metrics.` }] }],
      'no-restricted-globals': [
        'error',
        ...['process', 'require', 'module', 'fetch', 'globalThis'].map((name) => ({ name, message: 'The line itself reads no environment, loads no modules and opens no connections.' })),
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts'],
    ignores: ['src/hotline/**/*.ts', 'src/vendor/twilio-internals.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TWILIO_INTERNALS] }] },
  },
  {
    files: ['scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Small enough to read at once: a function fits on a screen (blank lines and comments not
    // counted), a file is one topic (counted as `wc -l` counts it). Tests are exempt: a table of
    // cases is long by nature.
    files: ['src/**', 'scripts/**', 'public/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
);
