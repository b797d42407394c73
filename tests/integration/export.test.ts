/**
 * Exports over HTTP (every format, its headers, the BOM switch, errors) and
 * from the CLI against the running server's DATA_DIR, after commitments were
 * promoted and agreed through a real sync client.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteToCommitment, readCards, readCommitments, recordConsent, setNextReview } from '../../shared/doc/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connect, createBoard, waitFor } from '../helpers/clients.ts';

const run = promisify(execFile);
let server: TestServer;
let board: Awaited<ReturnType<typeof createBoard>>;

beforeAll(async () => {
  server = await startTestServer();
  board = await createBoard(server.url, { title: 'Export «board» 🚀', example: true });
  // Promote and agree a commitment as the workshop does: through the document layer, over the sync socket.
  const client = connect(server.url, board.id, board.secrets.facilitator);
  await client.synced;
  const cards = readCards(client.doc);
  const initiative = cards.find((c) => c.text.startsWith('Capacity view'))!;
  const id = promoteToCommitment(client.doc, initiative.id, { id: 'import-commitment', owner: 'Jonas Berg', due: '2026-09-30', checkpoint: '2026-07-01', definitionOfDone: '=SUM(1) pilots live' });
  recordConsent(client.doc, id, { at: '2026-03-10T15:00:00.000Z', method: 'thumbs', participants: ['Ana', 'Bo'], responses: [{ name: 'Ana', value: 'up' }, { name: 'Bo', value: 'sideways' }], outcome: 'agreed' });
  setNextReview(client.doc, '2026-04-14');
  // The server holds what the client wrote once its content room has it (the export reads that room).
  const stored = async () => {
    const json = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).json();
    return json.board.nextReview === '2026-04-14' && json.commitments.some((c: { id: string; status: string }) => c.id === id && c.status === 'agreed');
  };
  await waitFor(stored, 'the agreed commitment on the server');
  expect(readCommitments(client.doc).find((c) => c.id === id)?.status).toBe('agreed');
  client.destroy();
});
afterAll(async () => {
  await server.close();
});

async function get(query: string, token = board.secrets.viewer) {
  const res = await fetch(`${server.url}/api/boards/${board.id}/export${query}`, { headers: { Authorization: `Bearer ${token}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('GET /api/boards/<id>/export', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['json', /^application\/json; charset=utf-8$/, /\.vcp\.json$/],
    ['md', /^text\/markdown; charset=utf-8$/, /\.md$/],
    ['csv', /^text\/csv; charset=utf-8$/, /\.csv$/],
    ['ics', /^text\/calendar; charset=utf-8$/, /\.ics$/],
    ['html', /^text\/html; charset=utf-8$/, /\.html$/],
    ['pdf', /^application\/pdf$/, /\.pdf$/],
  ];
  it.each(cases)('%s: content type, attachment file name, body', async (format, type, ext) => {
    const { res, bytes } = await get(`?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="export-board[\w.-]*"$/);
    expect(disposition.slice(0, -1)).toMatch(ext);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength);
    const text = Buffer.from(bytes).toString('utf8');
    if (format === 'pdf') expect(text.startsWith('%PDF-')).toBe(true);
    if (format === 'md') expect(text).toContain('Jonas Berg owns ‘Capacity view with one-click spreadsheet import’, due 30 September 2026.');
    if (format === 'csv') expect(text).toContain("import-commitment,Capacity view with one-click spreadsheet import,agreed,Jonas Berg,,2026-09-30,2026-07-01,");
    if (format === 'ics') expect(text).toContain('UID:import-commitment-due@vcp-board');
    if (format === 'html') expect(text).toContain('Export «board» 🚀');
  });

  it('json is the default and every role may export', async () => {
    for (const token of [board.secrets.viewer, board.secrets.participant, board.secrets.facilitator]) {
      const { res } = await get('', token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('csv: a BOM with ?bom=1 only; formulas neutralised', async () => {
    const plain = (await get('?format=csv')).bytes;
    const bom = (await get('?format=csv&bom=1')).bytes;
    expect([...bom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...plain.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bom.slice(3)).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(plain).toString('utf8')).toContain(",'=SUM(1) pilots live,");
  });

  it('rejects unknown formats and bad switches with 400, unknown secrets with 401', async () => {
    const docx = await get('?format=docx');
    expect(docx.res.status).toBe(400);
    expect(JSON.parse(Buffer.from(docx.bytes).toString()).error.message).toMatch(/^format: unsupported export format "docx"; supported: json, md, csv, ics, html, pdf/);
    expect((await get('?format=csv&bom=yes')).res.status).toBe(400);
    expect((await get('?format=md', 'wrong')).res.status).toBe(401);
  });
});

describe('vcp CLI export', () => {
  const env = () => ({ ...process.env, DATA_DIR: server.dataDir });
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'export', board.id, ...args], { env: env(), maxBuffer: 20_000_000 });

  it('md: the same document as over HTTP but for the export time', async () => {
    const out = join(server.dataDir, 'board.md');
    await cli('--format', 'md', '--out', out);
    const fromCli = readFileSync(out, 'utf8');
    const fromHttp = Buffer.from((await get('?format=md')).bytes).toString('utf8');
    const withoutTime = (text: string) => text.replace(/^- \*\*Exported:\*\* .*$/m, '');
    expect(withoutTime(fromCli)).toBe(withoutTime(fromHttp));
    expect(fromCli).toContain('## Trace diagram');
  });

  it('csv to stdout, with --bom', async () => {
    const { stdout } = await cli('--format', 'csv');
    expect(stdout).toBe(Buffer.from((await get('?format=csv')).bytes).toString('utf8'));
    const withBom = await cli('--format', 'csv', '--bom');
    expect(withBom.stdout.charCodeAt(0)).toBe(0xfeff);
  });

  it('pdf and ics to files', async () => {
    const pdf = join(server.dataDir, 'board.pdf');
    await cli('--format', 'pdf', '--out', pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout } = await cli('--format', 'ics');
    expect(stdout).toContain('BEGIN:VCALENDAR');
  });

  it('fails clearly for an unknown format', async () => {
    await expect(cli('--format', 'docx')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/unsupported format "docx"; supported: json, md, csv, ics, html, pdf/) });
  });
});
