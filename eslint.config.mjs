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
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
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
);
