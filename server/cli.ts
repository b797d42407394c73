/**
 * `npm run vcp -- export <boardId> --format md|csv|json|ics|html|pdf [--out FILE] [--bom]`
 * Reads the same DATA_DIR as the server, read-only (safe while it runs: WAL).
 * `npm run vcp -- import FILE [--board …]`: see cliImport.ts.
 */
import { writeFileSync } from 'node:fs';
import { NewerSchemaError, openStoredDoc, type Doc, type StoredState } from '../shared/doc/index.ts';
import { isBoardId, roomName } from '../shared/protocol.ts';
import { configFromEnv } from './config.ts';
import { EXPORT_FORMATS, exportBoard, exportInputFromDocs, isExportFormat } from './export/index.ts';
import { openSqliteStorage } from './storage/sqlite.ts';
import { IMPORT_USAGE, runImport } from './cliImport.ts';

const USAGE = `usage: npm run vcp -- export <boardId> --format ${EXPORT_FORMATS.join('|')} [--out FILE] [--bom]\n       ${IMPORT_USAGE.replace('usage: ', '')}`;

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

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'import') return runImport(argv.slice(1));
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

  const storage = openSqliteStorage({ dataDir: configFromEnv().dataDir, readonly: true });
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

await main(process.argv.slice(2));
