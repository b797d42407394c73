/**
 * Holds `fs.fdatasync` of chosen files (by inode) until released: how tests
 * observe when the SQLite server store (server/storage/sqliteServer.ts) syncs,
 * and what waits for it. In-process servers only (it patches this process's `fs`).
 */
import fs from 'node:fs';
import { vi } from 'vitest';

type Callback = (error: NodeJS.ErrnoException | null) => void;

/** Holds every fdatasync of the files whose inode `held` names until released. */
export function holdSyncs() {
  const real = fs.fdatasync;
  const waiting: { fd: number; done: Callback }[] = [];
  const held = new Set<number>();
  const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: Callback) => {
    if (held.has(fs.fstatSync(fd).ino)) waiting.push({ fd, done });
    else real(fd, done);
  }) as typeof fs.fdatasync);
  return {
    hold: (file: string) => held.add(fs.statSync(file).ino),
    release() {
      held.clear();
      for (const w of waiting.splice(0)) real(w.fd, w.done);
    },
    /** Lets the oldest held sync run (later ones stay held). */
    releaseOne() {
      const w = waiting.shift();
      if (w) real(w.fd, w.done);
    },
    waitingFor: (file: string) => waiting.filter((w) => fs.fstatSync(w.fd).ino === fs.statSync(file).ino).length,
    restore: () => spy.mockRestore(),
  };
}

