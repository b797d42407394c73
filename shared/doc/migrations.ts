/**
 * Ordered, pure migrations of the board content document. Each step upgrades a
 * document from `from` to `from + 1` inside one transaction. Documents written
 * by a newer version than this code knows are refused, never rewritten.
 */
import type * as Y from 'yjs';
import { DOC_SCHEMA_VERSION, readSchemaVersion } from './board.ts';

export interface DocMigration {
  from: number;
  description: string;
  up: (doc: Y.Doc) => void;
}

/**
 * The migration sequence. Version 0 is a document without `schemaVersion`
 * (created before versioning, or by a bare Yjs client): it gets the version
 * stamp and the board defaults every reader relies on.
 */
export const MIGRATIONS: readonly DocMigration[] = [
  {
    from: 0,
    description: 'stamp schema version 1 and default board settings',
    up(doc) {
      const board = doc.getMap('board');
      if (typeof board.get('title') !== 'string') board.set('title', 'Untitled board');
      if (board.get('direction') !== 'ltr' && board.get('direction') !== 'rtl') board.set('direction', 'rtl');
      if (typeof board.get('createdAt') !== 'number') board.set('createdAt', 0);
      board.set('schemaVersion', 1);
    },
  },
];

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`board schema version ${found} is newer than this server understands (${DOC_SCHEMA_VERSION})`);
  }
}

/**
 * Brings a document up to `DOC_SCHEMA_VERSION`. Returns how many steps ran.
 * Empty documents (no board yet) are left alone.
 *
 * The runner stamps `schemaVersion` after every step, so a step need not (and a
 * rerun never repeats a finished step). Yjs has no rollback: if a step throws,
 * the error propagates, the steps before it stay applied and stamped, and
 * whatever the failing step wrote before throwing stays in the document (the
 * transaction still commits and emits its update). Callers must therefore not
 * persist or serve a document whose migration failed; steps should be written
 * so that rerunning them on a partly migrated document is safe.
 */
export function migrateBoardDoc(doc: Y.Doc, migrations: readonly DocMigration[] = MIGRATIONS, origin: unknown = 'migration'): number {
  if (doc.share.size === 0 || (doc.getMap('board').size === 0 && doc.getMap('cards').size === 0)) return 0;
  let version = readSchemaVersion(doc);
  const target = migrations.reduce((max, m) => Math.max(max, m.from + 1), DOC_SCHEMA_VERSION);
  if (version > target) throw new NewerSchemaError(version);
  let steps = 0;
  doc.transact(() => {
    while (version < target) {
      const step = migrations.find((m) => m.from === version);
      if (!step) throw new Error(`no migration from schema version ${version}`);
      step.up(doc);
      version = step.from + 1;
      doc.getMap('board').set('schemaVersion', version);
      steps++;
    }
  }, origin);
  return steps;
}
