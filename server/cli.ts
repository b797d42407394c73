/**
 * `npm run vcp -- export <boardId> --format md|csv|json|ics|html|pdf [--out FILE] [--bom]`
 * Reads the server's store, read-only (safe while it runs): DATABASE_URL's
 * PostgreSQL when set, else DATA_DIR's SQLite (WAL). `list` lists its boards.
 * `npm run vcp -- import FILE [--board …]`: see cliImport.ts.
 * `npm run vcp -- backup FILE`: see cliBackup.ts.
 * `--help` (with any command, or none) prints the usage and needs no store;
 * anything that goes wrong is one line on stderr, never a stack trace.
 */
import { writeFileSync } from 'node:fs';
import { NewerSchemaError, openStoredDoc, type Doc, type StoredState } from '../shared/doc/index.ts';
import { isBoardId, roomName } from '../shared/protocol.ts';
import { EXPORT_FORMATS, exportBoard, exportInputFromDocs, isExportFormat } from './export/index.ts';
import { CliStoreError, openCliStorage } from './storage/cliStore.ts';
import { BACKUP_HELP, BACKUP_USAGE, runBackup } from './cliBackup.ts';
import { IMPORT_USAGE, runImport } from './cliImport.ts';

const EXPORT_USAGE = `usage: npm run vcp -- export <boardId> --format ${EXPORT_FORMATS.join('|')} [--out FILE] [--bom]`;
const USAGE = `${EXPORT_USAGE}\n       ${IMPORT_USAGE.replace('usage: ', '')}\n       ${BACKUP_USAGE.replace('usage: ', '')}\n       npm run vcp -- list
The boards are the server's: in DATABASE_URL's PostgreSQL when it is set, else in DATA_DIR (default ./data).`;
const EXPORT_HELP = `${EXPORT_USAGE}
Exports a board from the server's store (DATABASE_URL's PostgreSQL when set, else the data
directory DATA_DIR, default ./data), read-only: safe while the server runs. Without --out it
writes to stdout (a PDF needs --out).`;
const IMPORT_HELP = `${IMPORT_USAGE}
Imports a board JSON as a new board (into DATABASE_URL's PostgreSQL when set, else DATA_DIR),
or a spreadsheet of cards into a board through the running server (--board with the
facilitator's link).`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The board's content document, migrated; a board written by a newer version is refused, as the server refuses it. */
function openContent(stored: StoredState): Doc {
  try {
    return openStoredDoc(stored, 'content');
  } catch (error) {
    if (error instanceof NewerSchemaError) fail(`${error.message}: update this installation to export it`);
    throw error;
  }
}

const wantsHelp = (argv: readonly string[]) => argv.some((a) => a === '--help' || a === '-h');

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === 'help' || (wantsHelp(argv) && !['export', 'import', 'backup'].includes(argv[0]!))) {
    console.log(USAGE);
    return;
  }
  if (wantsHelp(argv)) {
    console.log(argv[0] === 'export' ? EXPORT_HELP : argv[0] === 'backup' ? BACKUP_HELP : IMPORT_HELP);
    return;
  }
  if (argv[0] === 'import') return runImport(argv.slice(1));
  if (argv[0] === 'backup') return runBackup(argv.slice(1), fail);
  if (argv[0] === 'list' && argv.length === 1) return list();
  const [command, boardId, ...rest] = argv;
  if (command !== 'export' || !boardId) fail(USAGE);
  if (!isBoardId(boardId)) fail(`not a board id: ${boardId}`);
  let format = 'json';
  let out: string | undefined;
  let bom = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag === '--bom') {
      bom = true;
      continue;
    }
    if (flag === '--format' && value) format = value;
    else if (flag === '--out' && value) out = value;
    else fail(USAGE);
    i++;
  }
  if (!isExportFormat(format)) fail(`unsupported format "${format}"; supported: ${EXPORT_FORMATS.join(', ')}`);
  if (format === 'pdf' && !out && process.stdout.isTTY) fail('a PDF is binary: write it to a file with --out FILE');

  const { storage } = await openStore();
  try {
    if (!(await storage.getBoard(boardId))) fail(`no such board: ${boardId}`);
    // Opened as the server's rooms open them (content migrated), so both export the same board.
    const content = openContent(await storage.load(roomName(boardId, 'content')));
    const control = openStoredDoc(await storage.load(roomName(boardId, 'control')), 'other');
    const input = exportInputFromDocs(boardId, content, control, new Date().toISOString());
    const file = await exportBoard(format, input, { bom });
    if (out) writeFileSync(out, file.body);
    else process.stdout.write(file.body);
  } finally {
    await storage.close();
  }
}

/** The server's store (DATABASE_URL's PostgreSQL, else DATA_DIR's SQLite, read-only), or a one-line failure. */
async function openStore(): Promise<Awaited<ReturnType<typeof openCliStorage>>> {
  try {
    return await openCliStorage({ readonly: true });
  } catch (error) {
    if (error instanceof CliStoreError) fail(error.message);
    throw error;
  }
}

/** `list`: every board, oldest first: id, creation date, title (tab-separated). */
async function list(): Promise<void> {
  const { storage } = await openStore();
  try {
    for (const b of await storage.listBoards()) console.log(`${b.id}\t${new Date(b.createdAt).toISOString()}\t${b.title}`);
  } finally {
    await storage.close();
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  // Whatever went wrong: one line, never a stack trace.
  console.error(`vcp: ${oneLine(error)}`);
  process.exit(1);
}
