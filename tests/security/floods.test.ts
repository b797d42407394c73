/**
 * Floods (unappliable updates, huge frames with and without a valid secret)
 * against the real server in a child process:
 * each attack is refused, the server's memory (RSS) grows by less than a fixed
 * cap, and another person's round trips keep working (printed, not asserted on
 * time).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { connect, createBoard, type CreatedBoard, roundTrip, updateFrame, waitFor, wsUrl } from '../helpers/clients.ts';
import { describeTimes, roundTrips, sampleMax, startChildServer, type ChildServer } from './childServer.ts';
import { frameHeader, rawUpgrade } from './forge.ts';

/** How much the server's RSS may grow while it is flooded. */
const RSS_GROWTH_CAP_MIB = 100;

let server: ChildServer;
let board: CreatedBoard;
// A fresh server per attack: each starts from its own memory baseline.
beforeEach(async () => {
  server = await startChildServer();
  board = await createBoard(server.url, { title: 'Flooded', example: true });
}, 60_000);
afterEach(async () => {
  await server.stop();
});

/** A ~500 kB update from an invented client whose first clock (0) is never sent. */
function unappliable(client: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('notes').insert(0, '.');
  const gap = Y.encodeStateVector(doc);
  doc.getText('notes').insert(1, text);
  const update = Y.encodeStateAsUpdate(doc, gap);
  doc.destroy();
  return update;
}

/** The server's RSS once it has settled: two readings in a row within 1 MiB of each other. */
async function baselineRss(): Promise<number> {
  let last = await server.rssMib();
  return waitFor(async () => {
    const now = await server.rssMib();
    const settled = Math.abs(now - last) < 1;
    last = now;
    return settled && now;
  }, 'the server\'s memory settled', 30_000);
}

describe('floods', () => {
  it('150 unappliable 500 kB updates from invented client ids at 10/s are refused, and memory stays bounded', async () => {
    const trips = roundTrips(server.url, board.id, board.secrets.participant, board.secrets.viewer);
    await trips.start();
    const before = await baselineRss();
    const peak = sampleMax(() => server.rssMib());
    const text = 'x'.repeat(500_000);
    const codes: Promise<number | 'still open'>[] = [];
    for (let i = 0; i < 150; i++) {
      const frame = updateFrame(unappliable(7_000_000 + i, text));
      codes.push(new Promise((resolve) => {
        const ws = new WebSocket(`${wsUrl(server.url)}/${board.id}?token=${board.secrets.participant}`, { perMessageDeflate: false });
        ws.on('error', () => {});
        ws.once('open', () => {
          ws.send(frame);
          // A server that keeps the update waits for what it builds on: the socket stays open.
          void roundTrip(ws).then((outcome) => {
            resolve(outcome === 'answered' ? 'still open' : outcome.code);
            ws.terminate();
          });
        });
        ws.once('close', (code) => resolve(code));
      }));
      await new Promise((r) => setTimeout(r, 100)); // the attack's rate (10/s), not a wait for anything
    }
    const closed = await Promise.all(codes);
    const times = await trips.stop();
    const growth = (await peak.stop()) - before;
    console.log(`unappliable-updates flood: RSS ${before.toFixed(0)} MiB, peak +${growth.toFixed(0)} MiB; other client's ${describeTimes(times)}`);
    expect(closed.filter((c) => c !== CloseCode.missingState)).toEqual([]);
    expect(growth).toBeLessThan(RSS_GROWTH_CAP_MIB);
    expect(times.length).toBeGreaterThan(10);
    // Never applied, so never stored or sent: no client ever hears of the invented ids.
    const fresh = connect(server.url, board.id, board.secrets.viewer);
    await fresh.synced;
    const clients = [...Y.decodeStateVector(Y.encodeStateVector(fresh.doc)).keys()];
    expect(clients.filter((c) => c >= 7_000_000 && c < 7_000_150)).toEqual([]);
    fresh.destroy();
  }, 120_000);

  it('40 sockets with a wrong secret each sending a 15 MiB frame are refused during the upgrade, and memory stays bounded', async () => {
    const trips = roundTrips(server.url, board.id, board.secrets.participant, board.secrets.viewer);
    await trips.start();
    const before = await baselineRss();
    const peak = sampleMax(() => server.rssMib());
    const payload = Buffer.alloc(15 * 1024 * 1024, 1);
    const attacks = Array.from({ length: 40 }, () => rawUpgrade(server.port, board.id, 'wrong-secret-'.repeat(3), [frameHeader(payload.length), payload]));
    const statuses = await Promise.all(attacks.map((a) => a.status));
    for (const a of attacks) a.socket.destroy();
    const times = await trips.stop();
    const growth = (await peak.stop()) - before;
    console.log(`huge-frames flood (wrong secret): RSS ${before.toFixed(0)} MiB, peak +${growth.toFixed(0)} MiB; other client's ${describeTimes(times)}`);
    // 401, or a reset that cut it off: the server closes a refused socket without reading the frame,
    // so the client's unsent megabytes can make the kernel answer with a reset. Never a 101.
    expect(statuses.filter((s) => s !== 401 && s !== 0)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(growth).toBeLessThan(RSS_GROWTH_CAP_MIB);
    expect(times.length).toBeGreaterThan(0);
  }, 120_000);

  it('40 authenticated sockets each sending a 15 MiB frame are closed with 4413 before it is buffered, and memory stays bounded', async () => {
    const trips = roundTrips(server.url, board.id, board.secrets.participant, board.secrets.viewer);
    await trips.start();
    const before = await baselineRss();
    const peak = sampleMax(() => server.rssMib());
    const payload = Buffer.alloc(15 * 1024 * 1024, 1);
    // Sent as raw frames (mask 0), so the attack costs the test process no masking work.
    const attacks = Array.from({ length: 40 }, () => rawUpgrade(server.port, board.id, board.secrets.participant, [frameHeader(payload.length), payload]));
    const codes = await Promise.all(attacks.map((a) => a.closeCode));
    for (const a of attacks) a.socket.destroy();
    const times = await trips.stop();
    const growth = (await peak.stop()) - before;
    console.log(`huge-frames flood (valid secret): RSS ${before.toFixed(0)} MiB, peak +${growth.toFixed(0)} MiB; other client's ${describeTimes(times)}`);
    expect(codes.filter((c) => c !== CloseCode.tooLarge)).toEqual([]);
    expect(growth).toBeLessThan(RSS_GROWTH_CAP_MIB);
    expect(times.length).toBeGreaterThan(0);
  }, 120_000);
});
