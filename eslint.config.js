// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import clientLayers from './scripts/eslint/clientLayers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-results/**', '.tmp/**', 'dist-server/**', '.bench-build/**'] },
  js.configs.recommended,
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The Yjs layout has one owner (README, STYLE.md): yjs and the sync libraries are imported
    // only by the document layer (shared/doc), the browser's sync layer (client/sync) and the
    // server's (server/sync); everyone else goes through their typed operations. Tests and
    // benches build documents by hand. A rule of its own (the typescript-eslint variant of
    // no-restricted-imports), so it adds to the layering blocks above and below instead of
    // replacing their no-restricted-imports for the same files.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['shared/doc/**', 'client/sync/**', 'server/sync/**', 'tests/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: 'yjs', message: 'Use the document layer (shared/doc): only shared/doc, client/sync and server/sync import yjs.' },
          { name: 'y-websocket', message: 'Only client/sync connects documents.' },
          { name: 'y-indexeddb', message: 'Only client/sync persists documents in the browser.' },
        ],
        patterns: [
          { group: ['y-protocols', 'y-protocols/*'], message: 'The sync protocol belongs to client/sync and server/sync.' },
          { group: ['lib0', 'lib0/*'], message: 'Yjs encoding belongs to shared/doc, client/sync and server/sync.' },
        ],
      }],
    },
  },
  {
    // Layering (STYLE.md): shared/ is imported by both sides and imports neither.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/client/**', '../client/*', '../../client/*'], message: 'shared/ must not import client code' },
          { group: ['**/server/**', '../server/*', '../../server/*'], message: 'shared/ must not import server code' },
          { group: ['node:*', 'ws', 'better-sqlite3', 'react', 'react-dom'], message: 'shared/ runs in browser and server: no platform imports' },
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/client/**', '../client/*', '../../client/*'], message: 'server/ must not import client code' }],
      }],
    },
  },
  {
    // React components use the typed document layer, never Yjs directly.
    files: ['client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'yjs', message: 'Components use the document layer (shared/doc), not Yjs.' },
          { name: 'y-websocket', message: 'Components use client/sync, not the provider.' },
        ],
        patterns: [{ group: ['**/server/**'], message: 'client/ must not import server code' }],
      }],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**'], message: 'client/ must not import server code' }],
      }],
    },
  },
  {
    // Client layers (issue 11): api → state → sync → derive → ui → features → pages → app. An import
    // never runs back up, and features (like pages) do not import each other; the layers are listed
    // in scripts/eslint/clientLayers.mjs. `npx eslint client` reporting nothing means no import runs back up.
    files: ['client/**/*.ts', 'client/**/*.tsx'],
    plugins: { 'client-layers': clientLayers },
    rules: { 'client-layers/order': 'error' },
  },
);
