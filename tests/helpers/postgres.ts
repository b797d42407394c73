/**
 * A throwaway PostgreSQL for one test file: `initdb --no-sync` into a temp
 * dir, then `postgres -D … -p PORT -k DIR -c listen_addresses=127.0.0.1` as a
 * direct child of the test process, stopped by its PID. fsync stays on, so
 * what the tests measure is what production commits cost.
 *
 * - As root (CI runs in a container as root) initdb and postgres refuse to
 *   run; they are started as the `postgres` user (Debian's package creates it),
 *   else as `nobody`, with the temp dir handed to that user.
 * - The server dies with the test process even when that is killed: it is
 *   started through `setpriv --pdeathsig SIGQUIT` (util-linux, on every Debian),
 *   which execs postgres (same PID) with the kernel's parent-death signal set.
 *   A normal exit stops it from a process 'exit' hook; temp dirs of servers
 *   that died anyway are removed by the next run.
 * - Missing PostgreSQL: `postgresSuite` registers one clearly named skipped
 *   test and warns loudly; with VCP_REQUIRE_SYSTEM_TOOLS=1 (CI) it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

const TEMP_PREFIX = 'vcp-pg-';

/** The directory holding initdb and postgres: $VCP_PG_BIN, PATH, /usr/local/bin, else Debian's newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(): string | undefined {
  const debian = (() => {
    try {
      return fs
        .readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`);
    } catch {
      return [];
    }
  })();
  const dirs = [
    ...(process.env.VCP_PG_BIN ? [process.env.VCP_PG_BIN] : []),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    '/usr/local/bin',
    ...debian,
  ];
  const found = dirs.find((dir) => ['initdb', 'postgres'].every((tool) => isExecutable(path.join(dir, tool))));
  // Where the binaries really are: a PATH entry may be a private folder of links (.ci/fresh-machine's)
  // that the server's user, who runs them, cannot enter.
  return found && path.dirname(fs.realpathSync(path.join(found, 'initdb')));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** uid/gid of a user from /etc/passwd (node has no getpwnam). */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** Who runs the server: ourselves, or as root a system user (initdb refuses root). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = systemUser('postgres') ?? systemUser('nobody');
  if (!user) throw new Error('running as root and there is neither a postgres nor a nobody user to run PostgreSQL as');
  return user;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file naming the test process a temp dir belongs to. */
const OWNER_FILE = 'owner.pid';

/** Removes temp dirs left by servers whose test process was killed before it could clean up. */
function removeStaleTempDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      // The test process that made the dir, not the postmaster: during initdb the bootstrap
      // backends come and go, and a dir whose postmaster.pid names one that just exited is not stale.
      const ownerFile = path.join(dir, OWNER_FILE);
      const pid = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8')) : 0;
      const age = Date.now() - fs.statSync(dir).mtimeMs;
      if ((pid && !processAlive(pid)) || (!pid && age > 10 * 60_000)) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run's dir being removed at the same time: not ours to worry about
    }
  }
}

export interface TestPostgres {
  /** PID of the postmaster (a direct child of this process). */
  readonly pid: number;
  readonly port: number;
  /** Connection URL of the `postgres` database (administration). */
  readonly adminUrl: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown, then SIGKILL) and removes its files. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a throwaway PostgreSQL from the binaries in `binDir`. */
export async function startTestPostgres(binDir: string): Promise<TestPostgres> {
  removeStaleTempDirs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  fs.writeFileSync(path.join(root, OWNER_FILE), String(process.pid));
  const dataDir = path.join(root, 'data');
  const user = serverUser();
  if (user) fs.chownSync(root, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};

  const init = spawnSync(
    path.join(binDir, 'initdb'),
    ['-D', dataDir, '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'],
    // cwd: the temp dir, which the server's user can enter (the repository may be in /root).
    { ...asUser, cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  if (init.status !== 0) {
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error?.message}`);
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(binDir, root, dataDir, port, asUser);
    } catch (error) {
      // The port may have been taken between freePort() and postgres binding it.
      if (attempt >= 3) {
        fs.rmSync(root, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function launch(binDir: string, root: string, dataDir: string, port: number, asUser: { uid?: number; gid?: number }): Promise<TestPostgres> {
  const postgres = path.join(binDir, 'postgres');
  const args = ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(isExecutable);
  const child: ChildProcess = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'SIGQUIT', '--', postgres, ...args], { ...asUser, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(postgres, args, { ...asUser, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start postgres');
  const killOnExit = () => {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);

  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    // Generous: on a loaded 2-core CI machine startup (recovery-free, ~0.1 s idle) can take many seconds.
    const timer = setTimeout(() => reject(new Error(`postgres did not get ready within 90 s:\n${log}`)), 90_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      if (log.length < 20_000) log += chunk;
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`));
    });
  });
  child.stderr!.resume(); // keep draining: a full pipe would block the server

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    pid,
    port,
    adminUrl,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      stopped ??= (async () => {
        process.off('exit', killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(pid, 'SIGINT'); // fast shutdown: disconnect clients, checkpoint, exit
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(root, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * `describe(name, body)` with a throwaway PostgreSQL started before and stopped
 * after the suite; `body` gets a getter for it. Without PostgreSQL the suite
 * is one skipped test saying so (and a loud warning), or in CI
 * (VCP_REQUIRE_SYSTEM_TOOLS=1) one failing test.
 */
export function postgresSuite(name: string, body: (server: () => TestPostgres) => void): void {
  const binDir = findPostgresBin();
  if (!binDir) {
    const message =
      'PostgreSQL (initdb, postgres) is not installed, so the PostgreSQL suites did NOT run: ' +
      'apt-get install postgresql, or set VCP_PG_BIN to the directory holding initdb (.ci/run installs it)';
    describe(name, () => {
      it('PostgreSQL is missing: this suite did NOT run', (ctx) => {
        if (process.env.VCP_REQUIRE_SYSTEM_TOOLS === '1') throw new Error(message);
        console.warn(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n`);
        ctx.skip(message);
      });
    });
    return;
  }
  describe(name, () => {
    let server: TestPostgres | undefined;
    beforeAll(async () => {
      server = await startTestPostgres(binDir);
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error('the test PostgreSQL is not running');
      return server;
    });
  });
}
