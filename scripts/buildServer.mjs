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
 * The pure-JavaScript packages bundled in (minified with our code): each
 * module of a package left as an import is held in memory as its whole source
 * text (V8 keeps it for lazy compilation), zod's ~900 KB and Yjs's 600 KB
 * among them, and a package imported whole (`import { z } from 'zod'`) keeps
 * every part of it. Bundled, only what is used is there, without comments and
 * indentation (docs/BENCHMARKS.md, memory). Yjs, lib0 and y-protocols go
 * together: two copies of Yjs in one process break its type checks. The rest
 * (native modules, packages that read files beside themselves: better-sqlite3,
 * pdfkit's fonts, pg, ws, sirv, ical-generator) stay imports.
 */
const BUNDLED_PACKAGES = new Set(['yjs', 'lib0', 'y-protocols', 'zod', 'fractional-indexing', 'csv-stringify', 'csv-parse']);

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** esbuild plugin: bare imports stay imports unless their package is in BUNDLED_PACKAGES. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || !BUNDLED_PACKAGES.has(packageName(args.path))) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/**
 * Bundles `entryPoints` (TypeScript files) into `outdir` as `<name>.mjs`
 * plus shared chunks. Resolves when written; throws with esbuild's messages on
 * a compile error. `packages: 'external'` leaves every package an import (the
 * bench's reference server, run as it ships: from node_modules).
 */
export async function buildServer(entryPoints, outdir, { packages = 'listed' } = {}) {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    ...(packages === 'external' ? { packages: 'external' } : { plugins: [externalPackages] }),
    // Whitespace and syntax only: names stay as written, for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
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
