/**
 * The consent round on everyone's own device, held by the server: counts on
 * the control document while it is open, each answer bound to its personal
 * token, the facilitator alone opens, closes and reads the answers.
 */
import { describe, expect, it } from 'vitest';
import { addCard, addLink, promoteToCommitment, readFacilitation } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor, type CreatedBoard } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
async function api(path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(server.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are probed field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function join(board: CreatedBoard, name: string, secret = board.secrets.participant): Promise<{ personId: string; token: string }> {
  const res = await api(`/api/boards/${board.id}/people`, secret, { name });
  expect(res.status).toBe(201);
  return res.body as { personId: string; token: string };
}

/** A board with one proposed commitment; returns its id. */
async function withCommitment(board: CreatedBoard): Promise<string> {
  const writer = clients.connect(server.url, board.id, board.secrets.facilitator);
  await writer.synced;
  const initiative = addCard(writer.doc, { column: 'initiative', text: 'Spreadsheet import' });
  const indicator = addCard(writer.doc, { column: 'indicator', text: 'Weekly planners' });
  addLink(writer.doc, initiative, indicator);
  const id = promoteToCommitment(writer.doc, initiative, { owner: 'Ana', due: '2026-09-30', checkpoint: '2026-06-30', definitionOfDone: 'Live' });
  await expect.poll(async () => (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body.commitments?.length).toBe(1);
  return id;
}

describe('consent round', () => {
  it('each answers on their own device; screens see counts only until the facilitator closes it and reads the answers', async () => {
    const board = await createBoard(server.url);
    const commitment = await withCommitment(board);
    const act = (body: unknown, token = board.secrets.facilitator) => api(`/api/boards/${board.id}/facilitation`, token, body);
    const ana = await join(board, 'Ana');
    const ben = await join(board, 'Ben');
    const cy = await join(board, 'Cy');
    const answer = (who: { token: string }, body: unknown) => api(`/api/boards/${board.id}/consent`, who.token, body);

    // Only the facilitator opens a round, on proposed commitments that exist.
    expect((await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' }, board.secrets.participant)).status).toBe(403);
    const unknown = await act({ action: 'startConsent', commitments: ['nope'], method: 'thumbs' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^commitments\.0:/);
    expect((await answer(ana, { round: 'x', value: 'up' })).status).toBe(409);
    const started = await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' });
    expect(started.status).toBe(200);
    const round = started.body.consent.id as string;
    expect((await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' })).status).toBe(409);

    const viewer = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await viewer.synced;
    expect(readFacilitation(viewer.doc).consent).toMatchObject({ id: round, state: 'open', answered: 0, method: 'thumbs', commitments: [commitment] });

    // Answers: the method's values only; for oneself only (no name field to answer for someone else).
    expect((await answer(ana, { round, value: 4 })).body.error.message).toMatch(/^value:/);
    expect((await answer(ana, { round, value: 'up', name: 'Ben' })).status).toBe(400);
    expect((await answer({ token: `${ben.personId}.forgedforgedforgedforged` }, { round, value: 'down' })).status).toBe(401);
    expect((await answer(ana, { round, value: 'up' })).body.mine).toMatchObject({ name: 'Ana', value: 'up', by: 'self' });
    expect((await answer(ben, { round, value: 'down', objection: '  Not before the Q3 migration  ' })).status).toBe(200);
    // Changing one's mind replaces the answer; the count stays.
    expect((await answer(ana, { round, value: 'sideways' })).status).toBe(200);
    expect((await api(`/api/boards/${board.id}/consent/me`, ana.token)).body.mine).toMatchObject({ value: 'sideways' });
    expect((await api(`/api/boards/${board.id}/consent/me`, cy.token)).body).toMatchObject({ round: { id: round }, mine: null });
    // The facilitator records someone without a device.
    expect((await act({ action: 'consentFor', name: 'Dee', value: 'up' })).status).toBe(200);
    await waitFor(() => readFacilitation(viewer.doc).consent?.answered === 3, 'three answered');
    expect(readFacilitation(viewer.doc).consent).toMatchObject({ answered: 3, recordedForOthers: 1 });
    // While open, nobody learns who answered what: not the screens, not the facilitator.
    expect(JSON.stringify(viewer.doc.toJSON())).not.toContain('Q3 migration');
    expect(JSON.stringify(viewer.doc.toJSON())).not.toMatch(/down|sideways/);
    expect((await api(`/api/boards/${board.id}/consent`, board.secrets.facilitator)).status).toBe(409);

    // Closing: no more answers; the tally reaches every screen; the facilitator reads the answers.
    expect((await act({ action: 'closeConsent' }, board.secrets.participant)).status).toBe(403);
    expect((await act({ action: 'closeConsent' })).status).toBe(200);
    expect((await answer(cy, { round, value: 'up' })).status).toBe(409);
    await waitFor(() => readFacilitation(viewer.doc).consent?.state === 'closed', 'closed');
    expect(readFacilitation(viewer.doc).consent).toMatchObject({ answered: 3, tally: { up: 1, sideways: 1, down: 1 }, objections: 1 });
    expect((await api(`/api/boards/${board.id}/consent`, board.secrets.participant)).status).toBe(403);
    const read = await api(`/api/boards/${board.id}/consent`, board.secrets.facilitator);
    expect(read.status).toBe(200);
    expect(read.body.responses.map((r: { name: string; value: string; objection?: string; by: string }) => [r.name, r.value, r.objection, r.by])).toEqual([
      ['Ben', 'down', 'Not before the Q3 migration', 'self'],
      ['Ana', 'sideways', undefined, 'self'],
      ['Dee', 'up', undefined, 'facilitator'],
    ]);

    // Ending takes it off the screens and forgets the answers; a new round starts clean.
    expect((await act({ action: 'endConsent' })).status).toBe(200);
    await waitFor(() => readFacilitation(viewer.doc).consent === null, 'ended');
    const next = await act({ action: 'startConsent', commitments: [commitment], method: 'fist-of-five' });
    expect((await answer(ana, { round, value: 3 })).status).toBe(409); // the old round
    expect((await answer(ana, { round: next.body.consent.id, value: 3 })).status).toBe(200);
    expect((await answer(ana, { round: next.body.consent.id, value: 'up' })).status).toBe(400);
  });
});
