import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteWorkerStorage } from '../../server/storage/sqliteWorker.ts';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfserver-rt-'));
const s = await openSqliteWorkerStorage({ dataDir: dir });
await s.createBoard({ id: 'b', title: 'b', createdAt: 1, secretHashes: { facilitator: 'f', participant: 'p', viewer: 'v' } });
const update = new Uint8Array(120).fill(7);
const N = Number(process.env.N ?? 3000);
const times: number[] = [];
for (let i = 0; i < N; i++) {
  const t = performance.now();
  await s.append([{ docName: 'b', update }]);
  times.push(performance.now() - t);
}
times.splice(0, 200);
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.floor(q * times.length)]!.toFixed(3);
console.log(`${process.env.LABEL ?? ''} worker append round trip: p50 ${at(0.5)} p90 ${at(0.9)} p99 ${at(0.99)} p99.9 ${at(0.999)} max ${times.at(-1)!.toFixed(2)}`);
await s.close();
fs.rmSync(dir, { recursive: true });
