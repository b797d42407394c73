/**
 * The update journal's files (./updateJournal.ts): where the server's live
 * document updates are written first, one write(2) per batch, before SQLite
 * takes them in larger transactions.
 *
 * A file is a header and records after it. A file whose records are all in
 * SQLite is started again: truncated, then a new header. It only ever grows
 * by small appends: on this kernel a large write makes a large page-cache
 * folio (a 1 MB zero-fill did), and every later small write into it dirties,
 * and its sync writes, the whole folio again (1 MB per sync, measured by S6).
 * The epoch orders the two files (epochs only grow, across both): the header
 * names the file's epoch, every record carries it, and a reader stops at the
 * first record that is torn, fails its checksum or belongs to another epoch.
 *
 * Header (16 bytes): "VCPJ", format version, epoch, CRC-32 of the first 12.
 * Record: payload length, epoch, CRC-32 of epoch and payload (4 bytes each,
 * little-endian), then the payload: a count (4 bytes), then per update the
 * doc name (its UTF-8 length in 2 bytes, then the bytes), its seq (6 bytes)
 * and its bytes (their length in 4 bytes, then the bytes).
 */
import fs from 'node:fs';
import { crc32 } from 'node:zlib';

export interface JournalEntry {
  docName: string;
  seq: number;
  update: Uint8Array;
}

const MAGIC = 0x4a504356; // "VCPJ" little-endian
const VERSION = 1;
export const HEADER_BYTES = 16;
const RECORD_HEAD = 12;

function header(epoch: number): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(VERSION, 4);
  b.writeUInt32LE(epoch, 8);
  b.writeUInt32LE(crc32(b.subarray(0, 12)), 12);
  return b;
}

/** One record: the updates of one append, written (and read back) whole or not at all. */
export function encodeRecord(epoch: number, entries: readonly JournalEntry[]): Buffer {
  let length = 4;
  const names = entries.map((e) => {
    const name = Buffer.from(e.docName, 'utf8');
    length += 2 + name.byteLength + 6 + 4 + e.update.byteLength;
    return name;
  });
  const record = Buffer.allocUnsafe(RECORD_HEAD + length);
  record.writeUInt32LE(length, 0);
  record.writeUInt32LE(epoch, 4);
  let at = record.writeUInt32LE(entries.length, RECORD_HEAD);
  entries.forEach((e, i) => {
    const name = names[i]!;
    at = record.writeUInt16LE(name.byteLength, at);
    at += name.copy(record, at);
    at = record.writeUIntLE(e.seq, at, 6);
    at = record.writeUInt32LE(e.update.byteLength, at);
    record.set(e.update, at);
    at += e.update.byteLength;
  });
  record.writeUInt32LE(crc32(record.subarray(RECORD_HEAD), crc32(record.subarray(4, 8))), 8);
  return record;
}

/**
 * Of the journal's updates (older first), the ones a store holding up to
 * `lastSeq` of each doc lacks: of a board that exists, each the next seq of
 * its doc (an older one is in the store already, one after a gap could not
 * apply: a torn record or a lost sync came before it).
 */
export function followingEntries(
  entries: readonly JournalEntry[],
  lastSeq: (docName: string) => number,
  boardExists: (boardId: string) => boolean,
): JournalEntry[] {
  const boards = new Map<string, boolean>();
  const last = new Map<string, number>();
  return entries.filter((e) => {
    const boardId = e.docName.split('/')[0]!;
    let exists = boards.get(boardId);
    if (exists === undefined) boards.set(boardId, (exists = boardExists(boardId)));
    if (!exists || e.seq !== (last.get(e.docName) ?? lastSeq(e.docName)) + 1) return false;
    last.set(e.docName, e.seq);
    return true;
  });
}

/** What a file holds: its epoch (0 if it has no valid header) and its valid records' updates, in order. */
export interface JournalContent {
  epoch: number;
  entries: JournalEntry[];
  /** Where the valid records end. */
  end: number;
}

/** Reads a file's bytes: the records of the header's epoch up to the first that is not whole and valid. */
export function readJournal(bytes: Uint8Array): JournalContent {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const none: JournalContent = { epoch: 0, entries: [], end: 0 };
  if (buf.byteLength < HEADER_BYTES) return none;
  if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(12) !== crc32(buf.subarray(0, 12))) return none;
  if (buf.readUInt32LE(4) !== VERSION) throw new Error(`update journal format ${buf.readUInt32LE(4)} is not ${VERSION}`);
  const epoch = buf.readUInt32LE(8);
  const entries: JournalEntry[] = [];
  let at = HEADER_BYTES;
  while (at + RECORD_HEAD <= buf.byteLength) {
    const length = buf.readUInt32LE(at);
    if (length === 0 || buf.readUInt32LE(at + 4) !== epoch || at + RECORD_HEAD + length > buf.byteLength) break;
    const payload = buf.subarray(at + RECORD_HEAD, at + RECORD_HEAD + length);
    if (buf.readUInt32LE(at + 8) !== crc32(payload, crc32(buf.subarray(at + 4, at + 8)))) break;
    const count = payload.readUInt32LE(0);
    let p = 4;
    for (let i = 0; i < count; i++) {
      const nameLength = payload.readUInt16LE(p);
      const docName = payload.toString('utf8', p + 2, p + 2 + nameLength);
      p += 2 + nameLength;
      const seq = payload.readUIntLE(p, 6);
      const updateLength = payload.readUInt32LE(p + 6);
      p += 10;
      // A copy: the file's bytes are let go once read.
      entries.push({ docName, seq, update: new Uint8Array(payload.subarray(p, p + updateLength)) });
      p += updateLength;
    }
    at += RECORD_HEAD + length;
  }
  return { epoch, entries, end: at };
}

/** One journal file, open for writing: appends at its end, syncs on demand. */
export class JournalFile {
  epoch: number;
  /** Where the next record goes. */
  end: number;
  /** Bytes written since the last sync started. */
  dirty = false;

  private constructor(
    readonly path: string,
    readonly fd: number,
    content: JournalContent,
  ) {
    this.epoch = content.epoch;
    this.end = content.end;
  }

  /** Opens (creating) the file and reads what it holds. */
  static open(file: string): { file: JournalFile; content: JournalContent } {
    const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    try {
      const bytes = fs.readFileSync(fd);
      const content = readJournal(bytes);
      return { file: new JournalFile(file, fd, content), content };
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Starts the file again, empty but for a header with a new epoch. */
  restart(epoch: number): void {
    fs.ftruncateSync(this.fd, 0);
    this.write(header(epoch), 0);
    this.epoch = epoch;
    this.end = HEADER_BYTES;
  }

  /** Appends one record (whole, or the file's end stays where it was: a failed write is written over). */
  append(entries: readonly JournalEntry[]): number {
    const record = encodeRecord(this.epoch, entries);
    this.write(record, this.end);
    this.end += record.byteLength;
    return record.byteLength;
  }

  fdatasync(): Promise<void> {
    return new Promise((resolve, reject) => fs.fdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private write(bytes: Buffer, at: number): void {
    let written = 0;
    while (written < bytes.byteLength) written += fs.writeSync(this.fd, bytes, written, bytes.byteLength - written, at + written);
    this.dirty = true;
  }
}
