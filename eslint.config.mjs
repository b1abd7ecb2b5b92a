import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** What no renderer file imports (a web page), plus a layer's own restrictions. */
function rendererImports(...layer) {
  return [
    {
      group: ['node:*', '**/main/**', '**/preload/**', 'electron', 'fs', 'path', 'child_process'],
      message: 'The renderer is a web page: no Node built-ins, no main-process code.',
    },
    ...layer,
  ];
}

// Layers of src/main, enforced as microsoft/vscode's code-layering does: a folder may import its
// own layer and those below it, never one above. Shells (electron, web, cli, ipc) -> core, rpc ->
// domains -> the Swarm gateway and the infrastructure (swarm, cluster, ssh, store, secrets) ->
// src/shared. Domains may name rpc's call-context and handler types (type imports only). Tests
// assemble the whole core and are left out.
const shells = ['electron', 'web', 'cli', 'ipc'];
const core = ['core', 'rpc'];
const domains = [
  'stacks',
  'lb',
  'hosts',
  'containers',
  'metrics',
  'alerts',
  'registries',
  'environments',
  'settings',
  'audit',
  'events',
  'operations',
  'access',
  'backup',
];
const infrastructure = ['swarm', 'cluster', 'ssh', 'store', 'secrets'];
const folders = (names) => names.map((name) => `src/main/${name}/**/*.ts`);
const above = (names, message, allowTypeImports = false) => ({
  group: names.flatMap((name) => [`../${name}/*`, `../../${name}/*`, `../../../${name}/*`]),
  message,
  allowTypeImports,
});
const layer = (files, ...patterns) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'smart'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.mjs', 'e2e/support/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        exports: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    // The renderer is a web page: no Node built-ins, no main-process code.
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: rendererImports() }],
    },
  },
  {
    // Layers: app -> features -> components, lib, stores. A feature uses another one only
    // through its index (its public face), never the shell.
    files: ['src/renderer/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: rendererImports(
            { regex: '^(\\.\\./)+app(/|$)', message: 'Features never import the app shell.' },
            {
              regex: '^\\.\\./[^./][^/]*/',
              message: "Import another feature through its index ('../<feature>'), not its files.",
            },
          ),
        },
      ],
    },
  },
  {
    files: ['src/renderer/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: rendererImports({
            regex: '^\\.\\./features/[^/]+/',
            message: "The shell uses a feature through its index ('../features/<feature>').",
          }),
        },
      ],
    },
  },
  {
    files: ['src/renderer/{components,lib,stores}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: rendererImports({
            regex: '^(\\.\\./)+(app|features)(/|$)',
            message: 'components, lib and stores sit below the features and the app shell.',
          }),
        },
      ],
    },
  },
  {
    // Only the Electron shell may import electron; the core stays shell-agnostic.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  layer(folders(core), above(shells, 'core and rpc serve every shell: they never import one.')),
  layer(
    folders(domains),
    above(shells, 'Domains never import a shell.'),
    above(['core'], 'Domains never import the core that assembles them.'),
    above(['rpc'], 'Domains may use rpc types only (call context, handlers).', true),
  ),
  layer(
    folders(infrastructure),
    above([...shells, ...core, ...domains], 'The gateway and infrastructure never import above.'),
  ),
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/main/**', '**/renderer/**', '**/preload/**', 'electron'] },
      ],
    },
  },
);
