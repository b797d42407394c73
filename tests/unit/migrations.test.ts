/**
 * Board document migrations, against a stored pre-versioning (v0) document.
 *
 * tests/fixtures/docs/board-v0.update.b64 is one Yjs update (base64) of a board
 * written before schema versioning by a bare Yjs client (clientID 1000): `board`
 * holds only a title ("Legacy board — før versjonering"; no schemaVersion,
 * direction or createdAt); cards `legacyGoal` (goal, metric "ARR") and
 * `legacySegment`; link `legacyLink` from the segment to the goal with an assumption.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DOC_SCHEMA_VERSION, exportBoardJson, initBoard, migrateBoardDoc, MIGRATION_ORIGIN, MIGRATIONS, NewerSchemaError, readBoard, readSchemaVersion,
  validateBoardJson, type DocMigration,
} from '../../shared/doc/index.ts';

const V0_UPDATE = Buffer.from(readFileSync(new URL('../fixtures/docs/board-v0.update.b64', import.meta.url), 'utf8').trim(), 'base64');

function v0Doc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, V0_UPDATE);
  return doc;
}

/** Records every update the document emits, with its origin. */
function recordUpdates(doc: Y.Doc): { origin: unknown }[] {
  const seen: { origin: unknown }[] = [];
  doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push({ origin }));
  return seen;
}

describe('migrateBoardDoc on a stored version-0 board', () => {
  it('the fixture really is version 0', () => {
    const doc = v0Doc();
    expect(readSchemaVersion(doc)).toBe(0);
    expect(doc.getMap('board').toJSON()).toEqual({ title: 'Legacy board — før versjonering' });
  });

  it('upgrades to the current version in one transaction and keeps the content', () => {
    const doc = v0Doc();
    const updates = recordUpdates(doc);
    expect(migrateBoardDoc(doc)).toBe(1);
    expect(readSchemaVersion(doc)).toBe(DOC_SCHEMA_VERSION);
    expect(updates).toEqual([{ origin: MIGRATION_ORIGIN }]);
    expect(doc.getMap('board').toJSON()).toEqual({ title: 'Legacy board — før versjonering', direction: 'rtl', createdAt: 0, schemaVersion: 1 });
    const board = readBoard(doc);
    expect(board.cards.map((c) => [c.id, c.text])).toEqual([['legacyGoal', 'Grow ARR to €5M'], ['legacySegment', 'Nordic SMB 🇳🇴']]);
    expect(board.cards[0]?.metric).toBe('ARR');
    expect(board.links).toEqual([{ id: 'legacyLink', from: 'legacySegment', to: 'legacyGoal', assumption: 'We believe SMBs upgrade' }]);
    const checked = validateBoardJson(exportBoardJson(doc, 'legacy-board'));
    expect(checked.ok ? 'ok' : checked.issue).toBe('ok');
  });

  it('keeps settings a version-0 board already had', () => {
    const doc = v0Doc();
    doc.getMap('board').set('direction', 'ltr');
    doc.getMap('board').set('createdAt', Date.UTC(2025, 10, 3));
    migrateBoardDoc(doc);
    expect(readBoard(doc).board).toEqual({ title: 'Legacy board — før versjonering', direction: 'ltr', createdAt: '2025-11-03T00:00:00.000Z' });
  });

  it('is idempotent: a second run changes nothing and emits no update', () => {
    const doc = v0Doc();
    migrateBoardDoc(doc);
    const before = Y.encodeStateVector(doc);
    const updates = recordUpdates(doc);
    expect(migrateBoardDoc(doc)).toBe(0);
    expect(updates).toEqual([]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('two peers migrating the same stored board concurrently converge', () => {
    const a = v0Doc();
    const b = v0Doc();
    migrateBoardDoc(a);
    migrateBoardDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(a)).toEqual(readBoard(b));
    expect(readSchemaVersion(a)).toBe(1);
  });

  it('leaves empty documents and current boards alone', () => {
    const empty = new Y.Doc();
    expect(migrateBoardDoc(empty)).toBe(0);
    expect(Y.encodeStateAsUpdate(empty)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
    const current = new Y.Doc();
    initBoard(current, { title: 'New' });
    expect(migrateBoardDoc(current)).toBe(0);
  });
});

describe('versions this code does not know', () => {
  it('refuses a document from a newer version with NewerSchemaError, without writing', () => {
    const doc = v0Doc();
    doc.getMap('board').set('schemaVersion', DOC_SCHEMA_VERSION + 1);
    const updates = recordUpdates(doc);
    let error: unknown;
    try {
      migrateBoardDoc(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NewerSchemaError);
    expect((error as NewerSchemaError).found).toBe(DOC_SCHEMA_VERSION + 1);
    expect(updates).toEqual([]);
  });

  it('a gap in the sequence is an error', () => {
    const gap: DocMigration[] = [...MIGRATIONS, { from: 2, description: 'after a missing step', up: () => {} }];
    expect(() => migrateBoardDoc(v0Doc(), gap)).toThrow('no migration from schema version 1');
  });
});

describe('custom migration sequences', () => {
  /** Later steps that only log; the runner, not the step, stamps the version. */
  function loggingSteps(log: string[]): DocMigration[] {
    return [
      { from: 2, description: 'third', up: () => log.push('2→3') },
      { from: 1, description: 'second', up: (doc) => { log.push('1→2'); doc.getMap('board').set('renamed', true); } },
    ];
  }

  it('run in order of version, each once, and stamp the version after each step', () => {
    const log: string[] = [];
    const first: DocMigration = { ...MIGRATIONS[0]!, up: (doc) => { log.push('0→1'); MIGRATIONS[0]!.up(doc); } };
    const sequence = [...loggingSteps(log), first];
    const doc = v0Doc();
    expect(migrateBoardDoc(doc, sequence)).toBe(3);
    expect(log).toEqual(['0→1', '1→2', '2→3']);
    expect(readSchemaVersion(doc)).toBe(3);
    expect(migrateBoardDoc(doc, sequence)).toBe(0);
    expect(log).toHaveLength(3);
  });

  it('start from the document’s version', () => {
    const log: string[] = [];
    const doc = v0Doc();
    migrateBoardDoc(doc);
    expect(migrateBoardDoc(doc, [...MIGRATIONS, ...loggingSteps(log)])).toBe(2);
    expect(log).toEqual(['1→2', '2→3']);
  });

  it('a failing step: the error propagates; Yjs cannot roll back, so earlier steps and its partial writes remain', () => {
    // What happens instead of a rollback: the transaction still commits. Steps
    // before the failing one stay applied and stamped (version 1 here); what the
    // failing step wrote before throwing stays too and is emitted as an update,
    // so callers must not persist or serve a document whose migration failed.
    const doc = v0Doc();
    const updates = recordUpdates(doc);
    const failing: DocMigration = {
      from: 1, description: 'fails half-way',
      up: (d) => {
        d.getMap('board').set('halfDone', true);
        throw new Error('boom in migration 1→2');
      },
    };
    expect(() => migrateBoardDoc(doc, [...MIGRATIONS, failing])).toThrow('boom in migration 1→2');
    expect(readSchemaVersion(doc)).toBe(1);
    expect(doc.getMap('board').get('halfDone')).toBe(true);
    expect(updates).toHaveLength(1);
    // A fixed step resumes from the last completed version.
    const fixed: DocMigration = { ...failing, up: (d) => d.getMap('board').delete('halfDone') };
    expect(migrateBoardDoc(doc, [...MIGRATIONS, fixed])).toBe(1);
    expect(readSchemaVersion(doc)).toBe(2);
    expect(doc.getMap('board').has('halfDone')).toBe(false);
  });
});
