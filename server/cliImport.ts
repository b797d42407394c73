/**
 * `npm run vcp -- import FILE [--board ID|LINK] [--secret S] [--server URL] [--title T] [--column C]`
 *
 * A board JSON (an export, or the contract's minimal form) or a spreadsheet
 * (CSV, semicolon CSV, tab-separated) of cards, one per row.
 * - Without --board: a new board, written straight into the server's store
 *   (DATABASE_URL's PostgreSQL when set, else DATA_DIR; safe while the server
 *   runs: it finds the board when someone opens it). Prints its links.
 * - With --board: the spreadsheet's cards go into that board through the
 *   running server (`POST /api/boards/<id>/import`), so everyone connected sees
 *   them and nothing is written behind its back. It takes the facilitator's
 *   link, or the board id with the facilitator secret (--secret or VCP_SECRET).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { validateBoardJson } from '../shared/doc/index.ts';
import { isColumnId, type ColumnId } from '../shared/model.ts';
import { isBoardId } from '../shared/protocol.ts';
import { FORMAT, FORMAT_VERSION } from '../shared/schema.ts';
import { cardInput, describeIssue, parseSpreadsheet } from '../shared/spreadsheetImport.ts';
import { randomId } from '../shared/ids.ts';
import { BoardService } from './boards.ts';
import { configFromEnv } from './config.ts';
import { roomUrls } from './net/addresses.ts';
import { CliStoreError, openCliStorage } from './storage/cliStore.ts';

export const IMPORT_USAGE = 'usage: npm run vcp -- import FILE [--board ID|FACILITATOR_LINK] [--secret SECRET] [--server URL] [--title TITLE] [--column COLUMN]';

class CliError extends Error {}

interface ImportArgs {
  file: string;
  board?: string;
  secret?: string;
  server?: string;
  title?: string;
  column?: ColumnId;
}

function parseArgs(argv: string[]): ImportArgs {
  const [file, ...rest] = argv;
  if (!file || file.startsWith('--')) throw new CliError(IMPORT_USAGE);
  const args: ImportArgs = { file };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (!value) throw new CliError(IMPORT_USAGE);
    if (flag === '--board') args.board = value;
    else if (flag === '--secret') args.secret = value;
    else if (flag === '--server') args.server = value.replace(/\/+$/, '');
    else if (flag === '--title') args.title = value;
    else if (flag === '--column') {
      if (!isColumnId(value)) throw new CliError(`--column must be one of goal, segment, value, behaviour, indicator, initiative (got ${value})`);
      args.column = value;
    } else throw new CliError(IMPORT_USAGE);
  }
  return args;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The spreadsheet's cards, or every problem in it, by line and column. */
function spreadsheetCards(text: string, column?: ColumnId) {
  const preview = parseSpreadsheet(text, column ? { defaultColumn: column } : {});
  if (preview.issues.length) throw new CliError(`nothing imported; fix these rows:\n${preview.issues.map((i) => `  ${describeIssue(i)}`).join('\n')}`);
  if (!preview.cards.length) throw new CliError('nothing to import: give one row per card, `column,text[,metric,author,…]`');
  if (preview.ignored.length) console.error(`ignored columns (not card fields): ${preview.ignored.join(', ')}`);
  return preview.cards.map(cardInput);
}

/** Where people open the server: PUBLIC_URL, else its room address, else HOST:PORT. */
function serverBase(): string {
  const config = configFromEnv();
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return roomUrls(config.host, config.port)[0] ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

async function intoNewBoard(args: ImportArgs, text: string): Promise<void> {
  const isJson = /^\s*\{/.test(text);
  let json: unknown;
  if (isJson) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${args.file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (args.title && typeof json === 'object' && json && 'board' in json && typeof json.board === 'object' && json.board) (json.board as { title?: string }).title = args.title;
  } else {
    const title = args.title ?? (args.file === '-' ? 'Imported cards' : basename(args.file, extname(args.file)));
    json = { format: FORMAT, version: FORMAT_VERSION, board: { title }, cards: spreadsheetCards(text, args.column).map((c) => ({ id: randomId(), ...c })) };
  }
  const checked = validateBoardJson(json);
  if (!checked.ok) throw new CliError(`nothing imported: ${checked.issue.path}: ${checked.issue.message}`);
  let storage;
  try {
    ({ storage } = await openCliStorage({ readonly: false }));
  } catch (error) {
    if (error instanceof CliStoreError) throw new CliError(error.message);
    throw error;
  }
  try {
    const created = await new BoardService(storage).createFromJson(checked.value);
    const base = serverBase();
    console.log(`Created board "${created.title}" (${created.id}) with ${checked.value.cards.length} cards.`);
    console.log(`  facilitator: ${base}/b/${created.id}#${created.secrets.facilitator}`);
    console.log(`  participant: ${base}/b/${created.id}#${created.secrets.participant}`);
    console.log(`  viewer:      ${base}/b/${created.id}#${created.secrets.viewer}`);
  } finally {
    await storage.close();
  }
}

async function intoExistingBoard(args: ImportArgs, text: string): Promise<void> {
  if (/^\s*\{/.test(text)) throw new CliError('a board JSON always becomes a new board: leave out --board');
  let boardId = args.board!;
  let secret = args.secret ?? process.env.VCP_SECRET;
  let server = args.server ?? serverBase();
  const link = /^(https?:\/\/[^/]+)\/b\/([^/#?]+)[^#]*#(.+)$/.exec(boardId);
  if (link) [, server, boardId, secret] = link as unknown as [string, string, string, string];
  if (!isBoardId(boardId)) throw new CliError(`not a board id or facilitator link: ${args.board}`);
  if (!secret) throw new CliError('adding to a board needs the facilitator: pass the facilitator link as --board, or --secret (or VCP_SECRET)');
  const cards = spreadsheetCards(text, args.column);
  let res: Response;
  try {
    res = await fetch(`${server}/api/boards/${boardId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${decodeURIComponent(secret)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ cards }),
    });
  } catch {
    throw new CliError(`the server at ${server} cannot be reached: start it (npm start), or pass --server URL`);
  }
  const body = (await res.json().catch(() => ({}))) as { ids?: string[]; error?: { message?: string } };
  if (res.status !== 201) throw new CliError(`nothing imported (${res.status}): ${body.error?.message ?? 'the server refused'}`);
  console.log(`Added ${body.ids?.length ?? 0} cards to board ${boardId}.`);
}

/** Runs `import`; a CliError is printed and exits 2. */
export async function runImport(argv: string[]): Promise<void> {
  try {
    const args = parseArgs(argv);
    const text = readInput(args.file);
    if (args.board) await intoExistingBoard(args, text);
    else await intoNewBoard(args, text);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
