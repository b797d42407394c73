/**
 * The portfolio rules (issue 15, server/sync/portfolioPolicy.ts): a product
 * board's participant AND facilitator send their own Yjs updates against the
 * goals and segments mirrored from the portfolio, and against the keys only
 * the server writes. Each change is reverted in the same transaction: a
 * watching client never sees it, and the board read back from storage does
 * not have it. Linking the board's own cards to the mirrored ones works.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addLink, deleteCard, deleteLink, moveCard, setLinkAssumption, readBoardInfo, readCards, readLinks, setCardStatus, setCardText, updateCardFields } from '../../shared/doc/index.ts';
import { roomName } from '../../shared/protocol.ts';
import { rawSocket, roundTrip, trackClients, updateFrame, waitFor, type SyncClient } from '../helpers/clients.ts';
import { cardText, createBoardIn, createPortfolio, mirrored } from '../helpers/portfolio.ts';
import { serverEachTest } from '../helpers/server.ts';
import { stored } from './fixtures.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

const GOAL = 'Grow net revenue retention to 115%';
const SEGMENT = 'Mid-market operations leads';

interface Scene {
  board: { id: string; secrets: Record<string, string> };
  portfolio: { id: string; secrets: { facilitator: string; participant: string; viewer: string } };
  goal: string;
  segment: string;
  /** A second goal of the portfolio, which the segment does not serve. */
  goal2: string;
  /** The portfolio's link: the segment serves the goal. */
  link: string;
  attacker: SyncClient;
  watcher: SyncClient;
  /** What the watcher saw that it must never see. */
  violations: string[];
}

/** The mirror as it should stay: both cards, their words and place, marked from the portfolio, the board in it. */
function intact(s: Scene, doc: Y.Doc): string | undefined {
  const goal = readCards(doc).find((c) => c.id === s.goal);
  const segment = readCards(doc).find((c) => c.id === s.segment);
  if (!goal || !segment) return 'a mirrored card is missing';
  if (goal.text !== GOAL || segment.text !== SEGMENT) return 'a mirrored text changed';
  if (goal.column !== 'goal' || segment.column !== 'segment') return 'a mirrored card moved column';
  if (goal.portfolio !== s.portfolio.id || segment.portfolio !== s.portfolio.id) return 'a mirrored card lost its portfolio';
  if (goal.status !== 'active' || goal.metric !== undefined) return 'a mirrored card\'s status or fields changed';
  const links = readLinks(doc);
  const portfolioLink = links.find((l) => l.id === s.link);
  if (!portfolioLink || portfolioLink.from !== s.segment || portfolioLink.to !== s.goal || portfolioLink.assumption) return 'the portfolio\'s link changed';
  if (links.some((l) => l.from === s.segment && l.to === s.goal2)) return 'a link between two of the portfolio\'s cards was drawn on the board';
  const info = readBoardInfo(doc);
  if (info.portfolio?.id !== s.portfolio.id || info.portfolio.title !== 'Acme' || info.kind !== undefined) return 'the board\'s portfolio changed';
  return undefined;
}

async function scene(role: 'participant' | 'facilitator'): Promise<Scene> {
  const portfolio = await createPortfolio(server.url, 'Acme');
  const pc = clients.connect(server.url, portfolio.id, portfolio.secrets.facilitator);
  await pc.synced;
  const goal = addCard(pc.doc, { column: 'goal', text: GOAL });
  const segment = addCard(pc.doc, { column: 'segment', text: SEGMENT });
  const goal2 = addCard(pc.doc, { column: 'goal', text: 'Open a second market' });
  const link = addLink(pc.doc, segment, goal);
  await waitFor(async () => (await stored(server, roomName(portfolio.id, 'content'))).doc.getMap('links').size === 1, 'the portfolio stored');
  const board = await createBoardIn(server.url, { id: portfolio.id, secret: portfolio.secrets.participant });
  const attacker = clients.connect(server.url, board.id, board.secrets[role] ?? '');
  const watcher = clients.connect(server.url, board.id, board.secrets.viewer);
  await Promise.all([attacker.synced, watcher.synced]);
  const mirror = (doc: Y.Doc) => mirrored(doc).length === 3 && readLinks(doc).some((l) => l.id === link);
  await waitFor(() => mirror(attacker.doc) && mirror(watcher.doc), 'the mirror at both clients');
  const s: Scene = { board, portfolio, goal, segment, goal2, link, attacker, watcher, violations: [] };
  watcher.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin !== watcher.provider) return;
    const broken = intact(s, watcher.doc);
    if (broken) s.violations.push(broken);
  });
  return s;
}

/** Sends an attack from the attacker's client, then a marker, and checks that nothing of the attack was kept or seen. */
async function expectRefused(s: Scene, attack: (doc: Y.Doc) => void): Promise<void> {
  attack(s.attacker.doc);
  const marker = addCard(s.attacker.doc, { column: 'value', text: `marker ${Math.random()}` });
  await waitFor(() => s.watcher.doc.getMap('cards').has(marker), 'the marker after the attack');
  expect(s.violations).toEqual([]);
  expect(intact(s, s.watcher.doc)).toBeUndefined();
  await waitFor(() => intact(s, s.attacker.doc) === undefined, 'the attacker converges back');
  expect(intact(s, (await stored(server, roomName(s.board.id, 'content'))).doc)).toBeUndefined();
}

for (const role of ['participant', 'facilitator'] as const) {
  describe(`a product board's ${role} cannot write the portfolio's goals and segments`, () => {
    it('editing a mirrored goal\'s text, fields or status is reverted', async () => {
      const s = await scene(role);
      await expectRefused(s, (doc) => setCardText(doc, s.goal, 'Our own take on the goal'));
      await expectRefused(s, (doc) => updateCardFields(doc, s.goal, { metric: 'NRR' }));
      await expectRefused(s, (doc) => setCardStatus(doc, s.goal, 'parked'));
    });

    it('deleting or moving a mirrored card, or removing its portfolio mark, is reverted', async () => {
      const s = await scene(role);
      await expectRefused(s, (doc) => deleteCard(doc, s.segment));
      await expectRefused(s, (doc) => moveCard(doc, s.goal, 'value', 0));
      await expectRefused(s, (doc) => doc.getMap('cards').get(s.goal) instanceof Y.Map && (doc.getMap('cards').get(s.goal) as Y.Map<unknown>).delete('portfolio'));
      await expectRefused(s, (doc) => (doc.getMap('cards').get(s.goal) as Y.Map<unknown>).set('order', '0'));
    });

    it('marking its own card as from the portfolio, or writing the board\'s portfolio keys, is reverted', async () => {
      const s = await scene(role);
      const own = addCard(s.attacker.doc, { column: 'goal', text: 'A local goal' });
      await waitFor(() => s.watcher.doc.getMap('cards').has(own), 'the local goal');
      await expectRefused(s, (doc) => (doc.getMap('cards').get(own) as Y.Map<unknown>).set('portfolio', s.portfolio.id));
      expect(readCards(s.watcher.doc).find((c) => c.id === own)?.portfolio).toBeUndefined();
      const forged = 'forgedcard01';
      await expectRefused(s, (doc) => addCard(doc, { id: forged, column: 'goal', text: 'Fake portfolio goal', portfolio: s.portfolio.id }));
      expect(s.watcher.doc.getMap('cards').has(forged)).toBe(false);
      await expectRefused(s, (doc) => doc.getMap('board').set('portfolioTitle', 'Not Acme'));
      await expectRefused(s, (doc) => doc.getMap('board').delete('portfolio'));
      await expectRefused(s, (doc) => doc.getMap('board').set('kind', 'portfolio'));
    });

    it('a hand-made update on a raw socket changing a mirrored goal is refused', async () => {
      const s = await scene(role);
      const raw = rawSocket(server.url, roomName(s.board.id, 'content'), s.board.secrets[role] ?? '');
      await raw.opened;
      const forger = new Y.Doc();
      Y.applyUpdate(forger, Y.encodeStateAsUpdate(s.watcher.doc));
      const before = Y.encodeStateVector(forger);
      setCardText(forger, s.goal, 'Forged');
      deleteCard(forger, s.segment);
      raw.ws.send(updateFrame(Y.encodeStateAsUpdate(forger, before)));
      expect(await roundTrip(raw.ws)).toBe('answered');
      await expectRefused(s, () => {});
      raw.ws.close();
    });

    it('the portfolio\'s links between its goals and segments are its own: deleting one, changing its words or drawing a new one is reverted', async () => {
      const s = await scene(role);
      await expectRefused(s, (doc) => deleteLink(doc, s.link));
      await expectRefused(s, (doc) => setLinkAssumption(doc, s.link, 'we say so'));
      await expectRefused(s, (doc) => addLink(doc, s.segment, s.goal2));
    });

    it('linking the board\'s own value card to a mirrored segment works', async () => {
      const s = await scene(role);
      const value = addCard(s.attacker.doc, { column: 'value', text: 'Invoices reconcile themselves' });
      const link = addLink(s.attacker.doc, value, s.segment);
      await waitFor(() => readLinks(s.watcher.doc).some((l) => l.id === link), 'the link at the watcher');
      expect(readLinks((await stored(server, roomName(s.board.id, 'content'))).doc).some((l) => l.id === link)).toBe(true);
      expect(intact(s, s.watcher.doc)).toBeUndefined();
    });
  });
}

describe('a portfolio\'s own rules', () => {
  it('its participants edit its goals (reaching the board); nobody adds a value card or writes its list of boards', async () => {
    const s = await scene('participant');
    const pp = clients.connect(server.url, s.portfolio.id, s.portfolio.secrets.participant);
    const pf = clients.connect(server.url, s.portfolio.id, s.portfolio.secrets.facilitator);
    await Promise.all([pp.synced, pf.synced]);
    const value = addCard(pp.doc, { column: 'value', text: 'Not a portfolio card' });
    pf.doc.getMap('portfolioBoards').set('fakeboard01', Date.now());
    pf.doc.getMap('portfolioBoards').delete(s.board.id);
    pf.doc.getMap('board').delete('kind');
    setCardText(pp.doc, s.segment, 'Mid-market operations leads in Europe');
    await waitFor(() => cardText(s.watcher.doc, s.segment) === 'Mid-market operations leads in Europe', 'the participant\'s edit on the board');
    await waitFor(() => !pf.doc.getMap('cards').has(value) && pf.doc.getMap('portfolioBoards').has(s.board.id), 'the refused writes reverted');
    const { doc } = await stored(server, roomName(s.portfolio.id, 'content'));
    expect(doc.getMap('cards').has(value)).toBe(false);
    expect([...doc.getMap('portfolioBoards').keys()]).toEqual([s.board.id]);
    expect(doc.getMap('board').get('kind')).toBe('portfolio');
  });
});
