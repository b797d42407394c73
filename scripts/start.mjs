#!/usr/bin/env node
// `npm start [-- --lan]`: build the client if dist/ is missing or older than
// client/ or shared/, bundle the server if dist-server/ is older than server/
// or shared/ (scripts/buildServer.mjs: plain JavaScript, no TypeScript
// compiler in the running server), then run it.
// Flags pass through to the server: --lan serves the room's network.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { SERVER_NODE_FLAGS, serverEnv } from './serverNodeFlags.mjs';
import { SERVER_BUNDLE, buildServerIfStale, newest } from './buildServer.mjs';

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
if (built < Math.max(newest('client'), newest('shared'))) {
  console.log('Building the client…');
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
try {
  if (await buildServerIfStale()) console.log('Built the server.');
} catch {
  process.exit(1); // esbuild printed what does not compile
}
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_BUNDLE, ...process.argv.slice(2)], { stdio: 'inherit', env: serverEnv(process.env) });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
