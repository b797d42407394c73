/**
 * The floor under any durable write on this machine's disk (S3): one 4 KB
 * overwrite of an already allocated block plus `fdatasync`, the least a store
 * can do to make one update durable, timed the way the S1 load writes (one
 * every 10 ms) and back to back. On the VM these benches run on, a sync after
 * an idle gap costs two to three times one that follows another closely, so
 * the paced figure is the one to compare with S3's p50 budget.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { round } from './common.ts';

export interface DiskFloor {
  /** Where the file was: the bench's DATA_DIRs are made there too (os.tmpdir()). */
  dir: string;
  /** One sync every `pacedEveryMs`, as under the S1 load: p50 / p90 / p99 (ms). */
  paced: { p50: number; p90: number; p99: number };
  pacedEveryMs: number;
  /** Syncs one after another. */
  backToBack: { p50: number; p90: number; p99: number };
  samples: number;
}

const BLOCK = 4096;

function percentiles(times: number[]): DiskFloor['paced'] {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN, 3);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

/** Times `samples` block overwrites with fdatasync, paced and back to back, in a throwaway file. */
export async function measureDiskFloor(samples = 300, pacedEveryMs = 10): Promise<DiskFloor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-disk-floor-'));
  const file = path.join(dir, 'floor.bin');
  const ring = 64;
  const fd = fs.openSync(file, 'w+');
  try {
    // Allocate and sync the blocks first: an overwrite commits no file-size metadata.
    fs.writeSync(fd, Buffer.alloc(BLOCK * ring));
    fs.fsyncSync(fd);
    const block = Buffer.alloc(BLOCK, 7);
    const run = async (paced: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        fs.writeSync(fd, block, 0, BLOCK, (i % ring) * BLOCK);
        const t = performance.now();
        fs.fdatasyncSync(fd);
        times.push(performance.now() - t);
        if (paced) await sleep(pacedEveryMs);
      }
      return percentiles(times);
    };
    const backToBack = await run(false);
    const paced = await run(true);
    return { dir: os.tmpdir(), paced, pacedEveryMs, backToBack, samples };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
