import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Layers, lowest first. The boundary rules below work on resolved paths (eslint-plugin-import-x with
 * the TypeScript resolver), so every form of import counts: static, `export … from`, dynamic
 * `import()`, with or without the `node:` prefix.
 *
 * 0. content/: reading the JSON files editors write, the schemas of the language and prompt files,
 *    how a schema error is told, and how any error's message is read.
 * 1. The domain, in this order: prompts/, then helplines/ (may use prompts/), then config/ (the
 *    environment; may use both), then cli/ (the command-line module; may use all three).
 * 2. call/: the pure call flow. An allow-list: only call/, prompts/ and helplines/; no package, no
 *    Node built-in (and so no createRequire), no process, require or fetch.
 * 3. twilio/, text-message/, metrics/, logging/: adapters.
 * 4. hotline.ts, app.ts, try/, simulator/, operations/, checks/: the composition and the tools.
 * 5. server.ts and scripts/: entry points.
 * No import cycles anywhere in src/ (type-only imports are erased and do not count).
 */
const CONTENT = ['./src/content'];
const DOMAIN = ['./src/prompts', './src/helplines', './src/config', './src/cli'];
const ADAPTERS = ['./src/twilio', './src/text-message', './src/metrics', './src/logging'];
const COMPOSITION = ['./src/hotline.ts', './src/app.ts', './src/try', './src/simulator', './src/operations', './src/checks'];
const ENTRY = ['./src/server.ts', './scripts'];
const ABOVE_DOMAIN = ['./src/call', ...ADAPTERS, ...COMPOSITION, ...ENTRY];
const UP = 'This import points up the layers (see eslint.config.js).';
const zone = (target, from, message = UP) => ({ target, from, message });

const zones = [
  zone(CONTENT, [...DOMAIN, ...ABOVE_DOMAIN]),
  zone('./src/prompts', ['./src/helplines', './src/config', './src/cli', ...ABOVE_DOMAIN]),
  zone('./src/helplines', ['./src/config', './src/cli', ...ABOVE_DOMAIN]),
  zone('./src/config', ['./src/cli', ...ABOVE_DOMAIN]),
  zone('./src/cli', ABOVE_DOMAIN),
  {
    target: './src/call',
    from: '.',
    except: ['./src/call', './src/prompts', './src/helplines'],
    message: 'The pure call flow imports only call/, prompts/ and helplines/: no HTTP, Twilio, logs, metrics or packages.',
  },
  zone(ADAPTERS, [...COMPOSITION, ...ENTRY]),
  zone(COMPOSITION, ENTRY),
];

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
    files: ['src/call/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-globals': [
        'error',
        ...['process', 'require', 'module', 'fetch', 'globalThis'].map((name) => ({ name, message: 'The pure call flow reads no environment, loads no modules and opens no connections.' })),
      ],
    },
  },
  {
    files: ['scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
