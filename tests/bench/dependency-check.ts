/**
 * The cost of refusing updates with missing dependencies
 * (server/sync/updateDependencies.ts) in the common case, a keystroke in a
 * card: decoding alone (what the server did before, to validate) against
 * decoding plus the check, with Y.applyUpdate for scale. Medians of
 * interleaved rounds. Run: `npx tsx tests/bench/dependency-check.ts`.
 */
import * as Y from 'yjs';
import { addCard, cardText, initBoard, readCards } from '../../shared/doc/index.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
import { checkDependencies } from '../../server/sync/structs/dependencies.ts';
import { BUILD_ORIGIN } from '../../shared/doc/index.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** µs per update for `fn` over `updates`, one round. */
function round(updates: Uint8Array[], fn: (u: Uint8Array) => void): number {
  const t = process.hrtime.bigint();
  for (const u of updates) fn(u);
  return Number(process.hrtime.bigint() - t) / 1000 / updates.length;
}

function measure(label: string, extraCards: number): void {
  const server = new Y.Doc();
  initBoard(server, { title: 'Bench' }, BUILD_ORIGIN);
  buildExampleBoard(server);
  for (let i = 0; i < extraCards; i++) addCard(server, { column: 'initiative', text: `card ${i} with some text` });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const text = cardText(client, readCards(client)[5]!.id)!;
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 2000; i++) text.insert(text.length, 'x');
  // The server applies them first: the check costs the same whether the clocks are new or
  // not, and every keystroke builds on the one before.
  const apply = round(updates, (u) => Y.applyUpdate(server, u));
  const decode: number[] = [];
  const check: number[] = [];
  for (let r = 0; r < 21; r++) {
    decode.push(round(updates, (u) => Y.decodeUpdate(u)));
    check.push(round(updates, (u) => {
      if (!checkDependencies(server, u).ok) throw new Error('a real keystroke was refused');
    }));
  }
  const bytes = updates.reduce((a, u) => a + u.length, 0) / updates.length;
  console.log(`${label} (${readCards(server).length} cards): keystroke update ${bytes.toFixed(0)} B; `
    + `decode ${median(decode).toFixed(2)} µs, decode + check ${median(check).toFixed(2)} µs; Y.applyUpdate ${apply.toFixed(2)} µs`);
}

measure('worked example', 0);
measure('worked example + 1,000 cards', 1000);
measure('worked example + 10,000 cards', 10_000);
