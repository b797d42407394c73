import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { frameBinary } from '../../server/sync/wsFrames.ts';

let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = undefined;
});

/** Payload sizes around every length encoding of RFC 6455 (7-bit, 16-bit, 64-bit). */
const SIZES = [0, 1, 125, 126, 127, 65535, 65536, 70_000];

describe('frameBinary', () => {
  it('writes frames a stock client reads back, every length encoding, several in one write', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    wss = server;
    await new Promise<void>((r) => server.once('listening', () => r()));
    const payloads = SIZES.map((n, i) => Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) & 255));
    server.on('connection', (_ws, req) => {
      // Half of them one frame per write, the rest all in one write.
      for (const p of payloads.slice(0, 4)) req.socket.write(frameBinary([p]));
      req.socket.write(frameBinary(payloads.slice(4)));
    });
    const port = (server.address() as AddressInfo).port;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const got: { data: Uint8Array; binary: boolean }[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, binary) => {
        got.push({ data: new Uint8Array(data), binary });
        if (got.length === payloads.length) resolve();
      });
      client.on('error', reject);
      client.on('close', () => reject(new Error('closed before every frame arrived')));
    });
    client.terminate();
    expect(got.map((g) => g.binary)).toEqual(payloads.map(() => true));
    expect(got.map((g) => g.data.byteLength)).toEqual(SIZES);
    got.forEach((g, i) => expect(Buffer.compare(Buffer.from(g.data), Buffer.from(payloads[i]!))).toBe(0));
  });
});
