/**
 * Several real server processes (`server/main.ts`) on one PostgreSQL, each on
 * its own fixed loopback port so it can be killed (kill -9, SIGSTOP) and
 * started again where the others and the balancer expect it; and a small TCP
 * round-robin in front of them, as a load balancer would spread clients.
 *
 * The processes die with the test process (`setpriv --pdeathsig SIGKILL`,
 * as the PostgreSQL harness does). Their output is kept (the last 20 kB) for
 * a failing test to show; VCP_TEST_LOG=1 prints it as it comes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ClusterProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** PID of the running server (undefined while it is down). */
  readonly pid: number | undefined;
  /** Starts it (again) on its port; resolves once it listens. */
  start(): Promise<void>;
  /** Sends a signal (SIGKILL, SIGSTOP, SIGCONT); for SIGKILL resolves once it has exited. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Stops it (SIGTERM: releases its boards). */
  stop(): Promise<void>;
  /** What it printed lately. */
  output(): string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** A server process on `port` with `env` (DATABASE_URL etc.); not started yet. */
export function clusterProcess(name: string, port: number, env: Record<string, string>): ClusterProcess {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vcp-cluster-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (process.env.VCP_TEST_LOG) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    url,
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error(`${name} is already running`);
      const node = [process.execPath, '--import', 'tsx', 'server/main.ts'];
      const [cmd, ...args] = setpriv ? [setpriv, '--pdeathsig', 'SIGKILL', '--', ...node] : node;
      const c = spawn(cmd!, args, {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: path.join(dataDir, 'no-client'), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      exited = new Promise((resolve) => c.once('exit', () => resolve()));
      c.stderr!.on('data', keep);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${log}`)), 60_000);
        c.stdout!.on('data', (chunk: Buffer) => {
          keep(chunk);
          if (log.includes(`listening on ${url}`)) {
            clearTimeout(timer);
            resolve();
          }
        });
        c.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code ?? signal}) before it listened:\n${log}`));
        });
      });
      log = '';
    },
    async signal(signal) {
      if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} is not running`);
      child.kill(signal);
      if (signal === 'SIGKILL') await exited;
    },
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT'); // a stopped process could not handle SIGTERM
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => log,
  };
}

export interface RoundRobin {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP round-robin over the ports: each new connection goes to the next
 * process, or the one after if that one refuses (it is down), as a load
 * balancer with health checks would.
 */
export async function roundRobin(ports: readonly number[]): Promise<RoundRobin> {
  let next = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const first = next++ % ports.length;
    const attempt = (tried: number) => {
      if (tried >= ports.length || client.destroyed) return client.destroy();
      const upstream = net.connect({ host: '127.0.0.1', port: ports[(first + tried) % ports.length]! });
      upstream.once('error', () => attempt(tried + 1)); // refused: that process is down
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
