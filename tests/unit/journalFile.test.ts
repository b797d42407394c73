/**
 * The update journal's file format (server/storage/journalFile.ts): records read
 * back whole and in order, a reader stops at a torn record or one of another
 * epoch, and a file holds exactly its header and records (it grows only by its
 * appends: a pre-grown file made every sync write a whole large page-cache folio).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecord, followingEntries, HEADER_BYTES, JournalFile, readJournal } from '../../server/storage/journalFile.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function journalPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-journal-'));
  dirs.push(dir);
  return path.join(dir, 'j0');
}
const entry = (docName: string, seq: number, ...bytes: number[]) => ({ docName, seq, update: new Uint8Array(bytes) });

describe('journal file', () => {
  it('reads back every record whole, in order, and holds nothing but them', () => {
    const file = journalPath();
    const { file: j } = JournalFile.open(file);
    j.restart(7);
    const records = [[entry('b', 1, 1, 2)], [entry('b', 2, 3), entry('b/control', 1, 4)], [entry('ünïcode/x', 9, ...new Array(5000).fill(9))]];
    for (const r of records) j.append(r);
    j.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.byteLength).toBe(HEADER_BYTES + records.reduce((n, r) => n + encodeRecord(7, r).byteLength, 0));
    const read = readJournal(bytes);
    expect(read.epoch).toBe(7);
    expect(read.entries).toEqual(records.flat());
    expect(read.end).toBe(bytes.byteLength);
  });

  it('stops at a torn record, and at a record of an older epoch left behind', () => {
    const file = journalPath();
    const { file: j } = JournalFile.open(file);
    j.restart(1);
    j.append([entry('b', 1, 1)]);
    j.append([entry('b', 2, 2)]);
    j.close();
    const whole = fs.readFileSync(file);
    expect(readJournal(whole.subarray(0, whole.byteLength - 1)).entries).toEqual([entry('b', 1, 1)]);
    const flipped = Buffer.from(whole);
    flipped[flipped.byteLength - 1]! ^= 0xff;
    expect(readJournal(flipped).entries).toEqual([entry('b', 1, 1)]);
    // A record written under epoch 1 after a header of epoch 2 does not count.
    const stale = Buffer.concat([whole.subarray(0, HEADER_BYTES), encodeRecord(1, [entry('b', 3, 3)])]);
    const { file: again } = JournalFile.open(file);
    again.restart(2);
    again.close();
    const restarted = Buffer.concat([fs.readFileSync(file), stale.subarray(HEADER_BYTES)]);
    expect(readJournal(restarted)).toEqual({ epoch: 2, entries: [], end: HEADER_BYTES });
    expect(fs.statSync(file).size).toBe(HEADER_BYTES); // started again: truncated
  });

  it('tells which updates a store lacks: the next seq of each doc, of boards that exist', () => {
    const entries = [entry('a', 1, 1), entry('a', 2, 2), entry('a/control', 5, 3), entry('gone', 1, 4), entry('a', 4, 5), entry('a', 3, 6)];
    const last: Record<string, number> = { a: 1, 'a/control': 4 };
    expect(followingEntries(entries, (doc) => last[doc] ?? 0, (board) => board === 'a')).toEqual([entry('a', 2, 2), entry('a/control', 5, 3), entry('a', 3, 6)]);
  });
});
