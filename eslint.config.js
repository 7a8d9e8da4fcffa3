import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layers, lowest first: content and domain (prompts/, helplines/, config/, content/, and cli/, the command-line module), the pure call
 * (call/), adapters (twilio/, text-message/, metrics/, logging/, checks/), the composition and tools (app.ts,
 * hotline.ts, simulator/, operations/), entry points (server.ts, scripts/). An import may only point
 * down. Type-only imports of the composition root are allowed in adapters that receive it.
 */
const upward = (...groups) => groups.map((group) => ({ group: [group], message: 'This import points up the layers (see eslint.config.js).' }));
const ENTRY = upward('**/server.js', '**/scripts/**');
const COMPOSITION = upward('**/app.js', '**/hotline.js', '**/simulator/**', '**/operations/**', '**/try/**');
const ADAPTERS = upward('**/twilio/**', '**/text-message/**', '**/metrics/**', '**/logging/**', '**/checks/**');
const PURE_CALL = upward('**/call/**');
const IO = [
  { regex: '^(express|twilio|pino|prom-client)(/.*)?$', message: 'The pure call flow knows nothing of HTTP, Twilio, logs or metrics.' },
  { regex: '^node:(fs|http|net|child_process)', message: 'The pure call flow reads no files and opens no connections.' },
];
const restrict = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: false })) }] });

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
  { files: ['src/prompts/**', 'src/helplines/**', 'src/config/**', 'src/content/**', 'src/cli/**'], rules: restrict([...ENTRY, ...COMPOSITION, ...ADAPTERS, ...PURE_CALL]) },
  { files: ['src/call/**'], rules: restrict([...ENTRY, ...COMPOSITION, ...ADAPTERS, ...IO]) },
  {
    files: ['src/twilio/**', 'src/text-message/**', 'src/metrics/**', 'src/logging/**', 'src/checks/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...ENTRY, ...COMPOSITION].map((p) => ({ ...p, allowTypeImports: true })) }] },
  },
  { files: ['src/simulator/**', 'src/try/**', 'src/operations/**', 'src/app.ts', 'src/hotline.ts'], rules: restrict(ENTRY) },
  {
    files: ['scripts/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
