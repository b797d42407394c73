/**
 * The rules read where each inserted item lands by following it to its parent
 * or its neighbour. An update whose items lean on a long chain of its own
 * items, decoded in the wrong order for it (a high client id's item placed next
 * to the end of a low client id's run inserted back to front), must still be
 * placed and checked: were its items left unplaced, no rule would see them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCard } from '../../shared/doc/index.ts';
import { serverEachTest } from '../helpers/server.ts';
import { trackClients } from '../helpers/clients.ts';
import { arena, settle, stored, type Arena } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);
let a: Arena | undefined;
afterEach(() => {
  a?.close();
  a = undefined;
});

describe('an update leaning on a long chain of its own items', () => {
  it('is placed and checked: its writing into agreed words is reverted', async () => {
    a = await arena(server, clients);
    const t = a.trace;
    a.watch('the agreed initiative as agreed', (d) => readCard(d, t.initiative)?.text === 'Capacity view');
    const base = Y.encodeStateAsUpdate(a.participant.doc);
    const low = new Y.Doc();
    low.clientID = 1000;
    Y.applyUpdate(low, base);
    const text = () => (low.getMap<Y.Map<Y.Text>>('cards').get(t.initiative)!.get('text') as Y.Text);
    // 1,500 letters, each typed before the one before it: a chain no edit merges.
    for (let i = 0; i < 1500; i++) text().insert(0, 'M');
    const high = new Y.Doc();
    high.clientID = 2 ** 31 - 7;
    Y.applyUpdate(high, Y.encodeStateAsUpdate(low));
    (high.getMap<Y.Map<Y.Text>>('cards').get(t.initiative)!.get('text') as Y.Text).insert(0, 'X');
    const attack = Y.encodeStateAsUpdate(high, Y.encodeStateVector(a.participant.doc));
    Y.applyUpdate(a.participant.doc, attack, 'attack');
    await settle(a);
    expect(readCard(a.watcher.doc, t.initiative)?.text).toBe('Capacity view');
    expect(a.violations).toEqual([]);
    expect(readCard((await stored(server, a.board.id)).doc, t.initiative)?.text).toBe('Capacity view');
  });
});
