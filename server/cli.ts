/**
 * `npm run vcp -- export <boardId> --format json [--out FILE]`
 * Reads the same DATA_DIR as the server, read-only (safe while it runs: WAL).
 */
import { writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { exportBoardJson } from '../shared/doc/index.ts';
import { isBoardId } from '../shared/protocol.ts';
import { configFromEnv } from './config.ts';
import { openSqliteStorage } from './storage/sqlite.ts';

const USAGE = 'usage: npm run vcp -- export <boardId> --format json [--out FILE]';
const FORMATS = ['json'] as const;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, boardId, ...rest] = argv;
  if (command !== 'export' || !boardId) fail(USAGE);
  if (!isBoardId(boardId)) fail(`not a board id: ${boardId}`);
  let format = 'json';
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag === '--format' && value) format = value;
    else if (flag === '--out' && value) out = value;
    else fail(USAGE);
    i++;
  }
  if (!(FORMATS as readonly string[]).includes(format)) fail(`unsupported format "${format}"; supported: ${FORMATS.join(', ')}`);

  const storage = openSqliteStorage({ dataDir: configFromEnv().dataDir, readonly: true });
  try {
    if (!(await storage.getBoard(boardId))) fail(`no such board: ${boardId}`);
    const stored = await storage.load(boardId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    const text = JSON.stringify(exportBoardJson(doc, boardId), null, 2) + '\n';
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
  } finally {
    await storage.close();
  }
}

await main(process.argv.slice(2));
