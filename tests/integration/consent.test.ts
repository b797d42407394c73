/**
 * The consent round on everyone's own device, held by the server: counts on
 * the control document while it is open, each answer bound to its personal
 * token, the facilitator alone opens, closes and reads the answers.
 */
import { describe, expect, it } from 'vitest';
import { addCard, addLink, promoteToCommitment, readCommitments, readFacilitation, recordConsent } from '../../shared/doc/index.ts';
import { setAnonymous } from '../../shared/doc/control.ts';
import { outcomeOfRound } from '../../shared/commitments.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, serverHas, trackClients, waitFor, type CreatedBoard } from '../helpers/clients.ts';

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

/** A board with proposed commitments (one unless more titles are given); returns their ids. */
async function withCommitments(board: CreatedBoard, titles = ['Spreadsheet import']): Promise<{ ids: string[]; writer: ReturnType<typeof clients.connect> }> {
  const writer = clients.connect(server.url, board.id, board.secrets.facilitator);
  await writer.synced;
  const ids = titles.map((text) => {
    const initiative = addCard(writer.doc, { column: 'initiative', text });
    const indicator = addCard(writer.doc, { column: 'indicator', text: `Indicator of ${text}` });
    addLink(writer.doc, initiative, indicator);
    return promoteToCommitment(writer.doc, initiative, { owner: 'Ana', due: '2026-09-30', checkpoint: '2026-06-30', definitionOfDone: 'Live' });
  });
  await expect.poll(async () => (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body.commitments?.length).toBe(titles.length);
  return { ids, writer };
}

async function withCommitment(board: CreatedBoard): Promise<string> {
  return (await withCommitments(board)).ids[0]!;
}

describe('consent round', () => {
  it('an answer the facilitator recorded for someone counts, whoever answers on a device under the same name', async () => {
    const board = await createBoard(server.url);
    const commitment = await withCommitment(board);
    const act = (body: unknown) => api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
    const round = (await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' })).body.consent.id as string;
    const ana = await join(board, 'Ana');
    expect((await api(`/api/boards/${board.id}/consent`, ana.token, { round, value: 'up' })).status).toBe(200);
    expect((await act({ action: 'consentFor', name: 'Bob', value: 'down', objection: 'This breaks the on-call rota' })).status).toBe(200);
    // Someone joins as "bob" and answers: before or after the record, it does not replace it.
    const impostor = await join(board, 'bob');
    expect((await api(`/api/boards/${board.id}/consent`, impostor.token, { round, value: 'up' })).status).toBe(200);
    expect((await act({ action: 'closeConsent' })).status).toBe(200);
    const { responses } = (await api(`/api/boards/${board.id}/consent`, board.secrets.facilitator)).body as { responses: { name: string; value: string; objection?: string; by: string }[] };
    expect(responses.map((r) => [r.name, r.value, r.by])).toEqual([['Ana', 'up', 'self'], ['Bob', 'down', 'facilitator']]);
    expect(responses[1]?.objection).toBe('This breaks the on-call rota');
    const viewer = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await waitFor(() => readFacilitation(viewer.doc).consent?.state === 'closed', 'closed');
    expect(readFacilitation(viewer.doc).consent).toMatchObject({ answered: 2, tally: { up: 1, down: 1 }, objections: 1 });
  });

  it('closing puts each objection on every screen in its words, per commitment, with the name unless the board is (or was at the start) anonymous', async () => {
    for (const anonymous of [false, true]) {
      const board = await createBoard(server.url);
      const { ids: [a, b] } = await withCommitments(board, ['Import', 'Webinars']);
      const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
      await control.synced;
      if (anonymous) {
        setAnonymous(control.doc, true);
        await serverHas(server.url, board.id, board.secrets.viewer, 'control', (d) => readFacilitation(d).anonymous, 'anonymous mode on the server');
      }
      const act = (body: unknown) => api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
      const round = (await act({ action: 'startConsent', commitments: [a, b], method: 'thumbs' })).body.consent.id as string;
      const ben = await join(board, 'Ben');
      expect((await api(`/api/boards/${board.id}/consent`, ben.token, { round, answers: [{ commitment: a, value: 'up' }, { commitment: b, value: 'down', objection: 'B breaks our SLA' }] })).status).toBe(200);
      expect((await act({ action: 'consentFor', name: 'Dee', value: 'down', commitment: b })).status).toBe(200);
      const viewer = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
      await waitFor(() => readFacilitation(viewer.doc).consent?.answered === 1, 'answered');
      // Open: counts only.
      expect(JSON.stringify(viewer.doc.toJSON())).not.toContain('SLA');
      if (anonymous) {
        // Anonymous mode off before the close: the answers were given without names, and stay so.
        setAnonymous(control.doc, false);
        await waitFor(() => readFacilitation(viewer.doc).anonymous === false, 'anonymous mode off on the server');
      }
      expect((await act({ action: 'closeConsent' })).status).toBe(200);
      await waitFor(() => readFacilitation(viewer.doc).consent?.state === 'closed', 'closed');
      const by = readFacilitation(viewer.doc).consent!.byCommitment!;
      expect(by[a!]!.objecting).toEqual([]);
      expect(by[b!]!.objecting).toEqual(anonymous ? [{ text: 'B breaks our SLA' }, {}] : [{ name: 'Ben', text: 'B breaks our SLA' }, { name: 'Dee' }]);
      if (anonymous) expect(JSON.stringify(viewer.doc.getMap('facilitation').toJSON())).not.toMatch(/Ben|Dee/);
    }
  });

  it('a record for a name on one commitment leaves the device answers under that name on the others counted', async () => {
    const board = await createBoard(server.url);
    const { ids: [a, b] } = await withCommitments(board, ['Import', 'Webinars']);
    const act = (body: unknown) => api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
    const round = (await act({ action: 'startConsent', commitments: [a, b], method: 'thumbs' })).body.consent.id as string;
    const dana = await join(board, 'Dana');
    const answers = [{ commitment: a, value: 'up' }, { commitment: b, value: 'down', objection: 'B breaks our SLA' }];
    expect((await api(`/api/boards/${board.id}/consent`, dana.token, { round, answers })).status).toBe(200);
    expect((await act({ action: 'consentFor', name: 'dana', value: 'sideways', commitment: a })).status).toBe(200);
    expect((await act({ action: 'closeConsent' })).status).toBe(200);
    const { responses } = (await api(`/api/boards/${board.id}/consent`, board.secrets.facilitator)).body as { responses: { name: string; commitment: string; value: string; objection?: string; by: string }[] };
    expect(responses.map((r) => [r.commitment === a ? 'A' : 'B', r.value, r.by, r.objection ?? null]).sort()).toEqual([
      ['A', 'sideways', 'facilitator', null], ['B', 'down', 'self', 'B breaks our SLA'],
    ]);
  });

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

  it('takes one answer per person per commitment: an objection sinks only the commitment it is about, and each outcome is recorded and logged on its own', async () => {
    const board = await createBoard(server.url);
    const { ids: [importId, webinarId], writer } = await withCommitments(board, ['Spreadsheet import', 'Partner webinars']);
    const act = (body: unknown) => api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
    const ana = await join(board, 'Ana');
    const chloe = await join(board, 'Chloe');
    const answer = (who: { token: string }, body: unknown) => api(`/api/boards/${board.id}/consent`, who.token, body);
    const round = (await act({ action: 'startConsent', commitments: [importId, webinarId], method: 'thumbs' })).body.consent.id as string;
    const viewer = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await viewer.synced;
    expect(readFacilitation(viewer.doc).consent?.byCommitment).toEqual({ [importId!]: { answered: 0 }, [webinarId!]: { answered: 0 } });

    // Only commitments of the round; the path of the bad field.
    const stray = await answer(ana, { round, answers: [{ commitment: importId, value: 'up' }, { commitment: 'elsewhere', value: 'up' }] });
    expect(stray.status).toBe(400);
    expect(stray.body.error.message).toMatch(/^answers\.1\.commitment:/);
    expect((await answer(ana, { round, answers: [{ commitment: importId, value: 'left' }] })).status).toBe(400);
    // Ana: the same answer on both ("same for all"); Chloe: one commitment first, then the other with an objection.
    expect((await answer(ana, { round, value: 'up' })).body.mine).toMatchObject({ name: 'Ana', value: 'up', answers: { [importId!]: { value: 'up' }, [webinarId!]: { value: 'up' } } });
    const half = await answer(chloe, { round, commitment: importId, value: 'sideways' });
    expect(half.body.mine).toEqual({ name: 'Chloe', by: 'self', answers: { [importId!]: { value: 'sideways' } } });
    // Counts: who answered on every commitment, and per commitment.
    expect(half.body.round).toMatchObject({ answered: 1, byCommitment: { [importId!]: { answered: 2 }, [webinarId!]: { answered: 1 } } });
    const both = await answer(chloe, { round, answers: [{ commitment: webinarId, value: 'down', objection: 'Partners are not trained yet' }] });
    expect(both.body.mine.answers).toEqual({ [importId!]: { value: 'sideways' }, [webinarId!]: { value: 'down', objection: 'Partners are not trained yet' } });
    expect(both.body.mine.value).toBeUndefined();
    // The facilitator records, per commitment, for Dee (no device).
    expect((await act({ action: 'consentForEach', name: 'Dee', answers: [{ commitment: importId, value: 'up' }, { commitment: webinarId, value: 'sideways' }] })).status).toBe(200);
    await waitFor(() => readFacilitation(viewer.doc).consent?.answered === 3, 'three answered on both');
    expect(JSON.stringify(viewer.doc.toJSON())).not.toContain('Partners are not trained');
    expect((await api(`/api/boards/${board.id}/consent/me`, chloe.token)).body.mine.answers[webinarId!]).toEqual({ value: 'down', objection: 'Partners are not trained yet' });

    // Closed: a tally per commitment on every screen; the objection belongs to the webinars only.
    expect((await act({ action: 'closeConsent' })).status).toBe(200);
    await waitFor(() => readFacilitation(viewer.doc).consent?.state === 'closed', 'closed');
    expect(readFacilitation(viewer.doc).consent).toMatchObject({
      answered: 3, objections: 1,
      byCommitment: { [importId!]: { answered: 3, tally: { up: 2, sideways: 1 }, objections: 0 }, [webinarId!]: { answered: 3, tally: { up: 1, down: 1, sideways: 1 }, objections: 1 } },
    });
    const read = await api(`/api/boards/${board.id}/consent`, board.secrets.facilitator);
    const on = (id: string) => read.body.responses.filter((r: { commitment: string }) => r.commitment === id).map((r: { name: string; value: string; objection?: string }) => [r.name, r.value, r.objection]);
    expect(on(importId!)).toEqual([['Ana', 'up', undefined], ['Chloe', 'sideways', undefined], ['Dee', 'up', undefined]]);
    expect(on(webinarId!)).toEqual([['Ana', 'up', undefined], ['Chloe', 'down', 'Partners are not trained yet'], ['Dee', 'sideways', undefined]]);

    // The facilitator records each commitment's own outcome, bound to the round (as the dialog does).
    const at = '2026-12-05T10:00:00.000Z';
    const participants = ['Ana', 'Chloe', 'Dee'];
    recordConsent(writer.doc, importId!, { at, round, method: 'thumbs', participants, outcome: 'agreed', responses: [{ name: 'Ana', value: 'up' }, { name: 'Chloe', value: 'sideways' }, { name: 'Dee', value: 'up' }] });
    recordConsent(writer.doc, webinarId!, {
      at, round, method: 'thumbs', participants, outcome: 'not-agreed',
      responses: [{ name: 'Ana', value: 'up' }, { name: 'Chloe', value: 'down', objection: 'Partners are not trained yet' }, { name: 'Dee', value: 'sideways' }],
    });
    expect((await act({ action: 'endConsent' })).status).toBe(200);
    await expect.poll(async () => (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body).toSatisfy(
      (b: { commitments: { consents?: unknown[] }[] }) => b.commitments.every((c) => c.consents?.length === 1),
    );
    const json = (await api(`/api/boards/${board.id}/export?format=json`, board.secrets.viewer)).body;
    const byId = (id: string) => json.commitments.find((c: { id: string }) => c.id === id);
    expect(byId(importId!)).toMatchObject({ status: 'agreed', consents: [{ round, outcome: 'agreed' }] });
    expect(JSON.stringify(byId(importId!).consents)).not.toContain('Partners are not trained');
    expect(byId(webinarId!)).toMatchObject({ status: 'proposed', consents: [{ round, outcome: 'not-agreed' }] });
    expect(json.decisions.filter((d: { kind: string }) => d.kind === 'consent').map((d: { commitment: string; outcome: string }) => [d.commitment, d.outcome]))
      .toEqual([[importId, 'agreed'], [webinarId, 'not-agreed']]);
    const markdown = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=md`, { headers: { Authorization: `Bearer ${board.secrets.viewer}` } })).text();
    // In the decision log, the objection sits under the webinars' consent only (and once on the webinars' commitment).
    const log = markdown.slice(markdown.indexOf('## Decision log'));
    const entries = log.split(/\n(?=- )/);
    expect(entries.find((e) => e.includes('**Consent** on “Spreadsheet import”'))).not.toContain('Partners are not trained');
    expect(entries.find((e) => e.includes('**Consent** on “Partner webinars”'))).toContain('Objection from Chloe (down): Partners are not trained yet');
    expect(markdown.match(/Partners are not trained yet/g)?.length).toBe(2);
  });

  it('shows each round its own outcome: a second round a minute after the first is not given the first one’s result', async () => {
    const board = await createBoard(server.url);
    const { ids: [commitment], writer } = await withCommitments(board);
    const act = (body: unknown) => api(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, body);
    const ben = await join(board, 'Ben');
    const answer = (body: unknown) => api(`/api/boards/${board.id}/consent`, ben.token, body);
    const control = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await control.synced;

    const first = (await act({ action: 'startConsent', commitments: [commitment], method: 'thumbs' })).body.consent;
    await answer({ round: first.id, value: 'down', objection: 'No owner in sales' });
    await act({ action: 'closeConsent' });
    recordConsent(writer.doc, commitment!, {
      at: new Date(first.startedAt).toISOString(), round: first.id, method: 'thumbs', participants: ['Ben'], outcome: 'not-agreed', responses: [{ name: 'Ben', value: 'down', objection: 'No owner in sales' }],
    });
    await act({ action: 'endConsent' });

    const second = (await act({ action: 'startConsent', commitments: [commitment], method: 'fist-of-five' })).body.consent;
    expect(second.id).not.toBe(first.id);
    await answer({ round: second.id, value: 4 });
    await act({ action: 'closeConsent' });
    await waitFor(() => readFacilitation(control.doc).consent?.state === 'closed' && readFacilitation(control.doc).consent, 'second round closed');
    // Closed, not yet recorded: the first round's record (written well inside a minute of this round's start) is not this round's outcome.
    const wallRound = readFacilitation(control.doc).consent!;
    expect(wallRound.id).toBe(second.id);
    expect(outcomeOfRound(readCommitments(writer.doc)[0]!, wallRound.id)).toBeNull();
    recordConsent(writer.doc, commitment!, {
      at: new Date(first.startedAt + 60_000).toISOString(), round: second.id, method: 'fist-of-five', participants: ['Ben'], outcome: 'agreed', responses: [{ name: 'Ben', value: 4 }],
    });
    const viewerDoc = clients.connect(server.url, board.id, board.secrets.viewer);
    await viewerDoc.synced;
    await waitFor(() => readCommitments(viewerDoc.doc)[0]?.consents?.length === 2, 'both records on the wall');
    const seen = readCommitments(viewerDoc.doc)[0]!;
    expect(outcomeOfRound(seen, second.id)).toBe('agreed');
    expect(outcomeOfRound(seen, first.id)).toBe('not-agreed');
  });
});
