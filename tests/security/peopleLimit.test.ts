/**
 * A script holding the participant link joins over and over
 * (`POST /api/boards/<id>/people`), from many addresses so no rate limit per
 * client stops it: every join adds a person to the control document each
 * browser syncs. The workshop takes `Limits.maxPeople`; past it a join is 409
 * (a facilitator still joins). The facilitator's way out: reset the link (the
 * script's people are revoked and stop counting; whoever is really there joins
 * again, a browser with its old token as the same person), then remove in one
 * step everyone the reset revoked who has not come back
 * (`DELETE /api/boards/<id>/people?revoked=true`): their ballots go with them.
 */
import { describe, expect, it } from 'vitest';
import { addCard } from '../../shared/doc/index.ts';
import { peopleInWorkshop, readFacilitation, readPeople } from '../../shared/doc/control.ts';
import { Limits } from '../../shared/protocol.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';

const clients = trackClients();
// One proxy in front: each request's address is what X-Forwarded-For says, as a flood from many machines looks.
const server = serverEachTest({ trustProxy: 1 }, clients);

let address = 0;
async function call(path: string, secret: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  address++;
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: `Bearer ${secret}`,
      'Content-Type': 'application/json',
      'X-Forwarded-For': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a script joining over and over', () => {
  it('stops at the limit; a reset and one removal clear it, and whoever is really there goes on', async () => {
    const board = await createBoard(server.url);
    const join = (secret: string, name: string, rejoin?: string) => call(`/api/boards/${board.id}/people`, secret, { body: { name, ...(rejoin ? { rejoin } : {}) } });
    const control = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await control.synced;

    // Ana is really there, and votes.
    const ana = (await join(board.secrets.participant, 'Ana')).body as { personId: string; token: string };
    expect((await call(`/api/boards/${board.id}/facilitation`, board.secrets.facilitator, { body: { action: 'startVoting', columns: ['value'], votesPerPerson: 3, allowMultiple: false } })).status).toBe(200);

    // The script fills the workshop, 25 joins at a time, each from an address of its own; one of its people votes too.
    const script: { personId: string; token: string }[] = [];
    const last = 10;
    let n = 1;
    while (n < Limits.maxPeople - last) {
      const batch = Array.from({ length: Math.min(25, Limits.maxPeople - last - n) }, (_, i) => join(board.secrets.participant, `bot ${n + i}`));
      n += batch.length;
      for (const r of await Promise.all(batch)) {
        expect(r.status).toBe(201);
        script.push(r.body as { personId: string; token: string });
      }
    }
    // The last places, raced for: 40 joins at once find 10 places, and exactly 10 get one.
    const race = await Promise.all(Array.from({ length: 4 * last }, (_, i) => join(board.secrets.participant, `racer ${i}`)));
    expect(race.filter((r) => r.status === 409)).toHaveLength(3 * last);
    for (const r of race.filter((r) => r.status === 201)) script.push(r.body as { personId: string; token: string });
    expect(script).toHaveLength(Limits.maxPeople - 1);
    const content = clients.connect(server.url, board.id, board.secrets.facilitator, 'content');
    await content.synced;
    const card = addCard(content.doc, { column: 'value', text: 'Liked by the script' });
    const vote = (token: string) => call(`/api/boards/${board.id}/votes`, token, { body: { card, op: 'add' } });
    await waitFor(async () => (await vote(ana.token)).status === 200, 'Ana voted for the card');
    expect((await vote(script[0]!.token)).status).toBe(200);
    await waitFor(() => readFacilitation(control.doc).voting?.voted === 2, 'two have voted');
    await waitFor(() => peopleInWorkshop(readPeople(control.doc)) === Limits.maxPeople, 'the workshop full');

    // Full: a participant or a reviewer joins no more, with the path and a reason; the facilitator still does.
    const refused = await join(board.secrets.participant, 'Ben');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'conflict', message: expect.stringMatching(/^people: this workshop already has 2,000 people/) });
    expect((await join(board.secrets.reviewer, 'Rita')).status).toBe(409);
    expect((await join(board.secrets.facilitator, 'Fran')).status).toBe(201);
    expect(peopleInWorkshop(readPeople(control.doc))).toBe(Limits.maxPeople);

    // The facilitator resets the participant link: the script's people (and Ana) are revoked and stop counting.
    const reset = await call(`/api/boards/${board.id}/invites/reset`, board.secrets.facilitator, { body: { role: 'participant' } });
    expect(reset.status).toBe(200);
    const link = reset.body.participant as string;
    await waitFor(() => readPeople(control.doc).filter((p) => p.revoked).length === Limits.maxPeople, 'everyone the link let in marked revoked');
    expect(peopleInWorkshop(readPeople(control.doc))).toBe(0);
    // The old link opens nothing, so the script is out; Ana's browser takes her person back with the new link, and Ben joins.
    expect((await join(board.secrets.participant, 'bot again')).status).toBe(401);
    const back = await join(link, 'Ana', ana.token);
    expect(back.status).toBe(201);
    expect(back.body.personId).toBe(ana.personId);
    expect((await join(link, 'Ben')).status).toBe(201);
    await waitFor(() => peopleInWorkshop(readPeople(control.doc)) === 2, 'Ana and Ben in the workshop');
    expect(readPeople(control.doc).find((p) => p.id === ana.personId)?.revoked).toBeUndefined();

    // Only the facilitator removes, and only those a reset revoked: there is no "remove everyone".
    const removeRevoked = (secret: string, query = '?revoked=true') => call(`/api/boards/${board.id}/people${query}`, secret, { method: 'DELETE' });
    expect((await removeRevoked(link)).status).toBe(403);
    const noQuery = await removeRevoked(board.secrets.facilitator, '');
    expect(noQuery.status).toBe(400);
    expect(noQuery.body.error).toEqual({ code: 'bad_request', message: expect.stringMatching(/^revoked: /) });

    const removed = await removeRevoked(board.secrets.facilitator);
    expect(removed.status).toBe(200);
    const gone = removed.body.removed as { id: string; role: string }[];
    expect(gone).toHaveLength(script.length);
    expect(new Set(gone.map((p) => p.id))).toEqual(new Set(script.map((p) => p.personId)));
    await waitFor(() => readPeople(control.doc).length === 3, 'Ana, Ben and Fran listed');
    expect(readPeople(control.doc).map((p) => p.name).sort()).toEqual(['Ana', 'Ben', 'Fran']);
    // Once removed, a script's token takes nothing back, and a second removal finds no one.
    expect((await join(link, 'bot 1', script[0]!.token)).body.personId).not.toBe(script[0]!.personId);
    expect(((await removeRevoked(board.secrets.facilitator)).body.removed as unknown[]).length).toBe(0);
    // The script's ballot went with it; Ana's (taken back with her person) counts.
    await waitFor(() => readFacilitation(control.doc).voting?.voted === 1, 'one has voted');
  }, 120_000);
});
