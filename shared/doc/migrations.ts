/**
 * Ordered, pure migrations of the board content document. Each step upgrades a
 * document from `from` to `from + 1` inside one transaction; a record's steps
 * live with the record (records/*.ts) and are ordered here. Documents written
 * by a newer version than this code knows are refused, never rewritten.
 */
import type * as Y from 'yjs';
import { MIGRATION_ORIGIN, type Origin } from './origin.ts';
import { BOARD_INFO_MIGRATIONS, boardRoot, DOC_SCHEMA_VERSION, readSchemaVersion, stampSchemaVersion } from './records/boardInfo.ts';
import { cardsRoot } from './records/card.ts';

export interface DocMigration {
  from: number;
  description: string;
  up: (doc: Y.Doc) => void;
}

/** The migration sequence, in order. */
export const MIGRATIONS: readonly DocMigration[] = [...BOARD_INFO_MIGRATIONS].sort((a, b) => a.from - b.from);

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
export function migrateBoardDoc(doc: Y.Doc, migrations: readonly DocMigration[] = MIGRATIONS, origin: Origin = MIGRATION_ORIGIN): number {
  if (doc.share.size === 0 || (boardRoot(doc).size === 0 && cardsRoot(doc).size === 0)) return 0;
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
      stampSchemaVersion(doc, version);
      steps++;
    }
  }, origin);
  return steps;
}
