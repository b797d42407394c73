/**
 * The throwaway PostgreSQL of tests/helpers/postgres.ts: it serves, it is a
 * direct child stopped by its PID, and it dies with a test process that is
 * killed (kill -9) before it could stop it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { findPostgresBin, postgresSuite } from '../helpers/postgres.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The parent PID of `pid` (Linux /proc). */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

postgresSuite('test PostgreSQL harness', (server) => {
  it('serves a fresh database with fsync on, from a direct child process', async () => {
    const url = await server().createDatabase('harness_one');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; fsync: string; sync: string }>(
        "SELECT current_database() AS db, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
      );
      expect(rows[0]).toEqual({ db: 'harness_one', fsync: 'on', sync: 'on' });
    } finally {
      await client.end();
    }
    expect(parentOf(server().pid)).toBe(process.pid);
  });

  it('dies with a test process killed by SIGKILL, taking no other server with it', async () => {
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-harness-')), 'start.mts');
    fs.writeFileSync(
      script,
      `import { startTestPostgres } from ${JSON.stringify(path.resolve('tests/helpers/postgres.ts'))};
       const pg = await startTestPostgres(${JSON.stringify(findPostgresBin())});
       console.log(pg.pid);
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      child.once('exit', (code) => reject(new Error(`the starter exited (${code}) before printing a PID`)));
    });
    expect(alive(pid)).toBe(true);
    expect(parentOf(pid)).toBe(child.pid);
    child.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 15_000, interval: 50 }).toBe(false);
    expect(alive(server().pid)).toBe(true);
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  });
});
