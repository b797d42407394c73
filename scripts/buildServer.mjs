// The server as production runs it: our TypeScript (server/, shared/) bundled
// by esbuild into plain ES modules, the npm packages left as imports.
//
// Why not run the TypeScript with tsx, as tests and `npm run serve` do: tsx
// compiles every module at start in a loader thread and keeps the compiled
// sources and their source maps, ~30 MB of the server's memory for nothing a
// long-running server needs (docs/BENCHMARKS.md, memory). esbuild is the
// compiler tsx and vite already use, so nothing new is installed.
//
// `splitting` keeps the modules the server loads on first use (PDF, iCalendar,
// PostgreSQL) in chunks of their own, out of start-up memory.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under a directory (0 if it does not exist). */
export function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Bundles `entryPoints` (TypeScript files) into `outdir` as `<name>.mjs`
 * plus shared chunks. Resolves when written; throws with esbuild's messages on
 * a compile error.
 */
export async function buildServer(entryPoints, outdir) {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** The production server bundle: dist-server/main.mjs, rebuilt when server/ or shared/ changed. */
export const SERVER_BUNDLE = 'dist-server/main.mjs';

export async function buildServerIfStale() {
  const built = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (built >= Math.max(newest('server'), newest('shared'))) return false;
  rmSync('dist-server', { recursive: true, force: true }); // chunks of an older build
  await buildServer(['server/main.ts'], 'dist-server');
  return true;
}
