/**
 * Tests of the deployment recipes run real system tools (nginx, sqlite3),
 * which a fresh machine may lack. Missing, such a test is skipped with a loud
 * warning rather than passing silently; with VCP_REQUIRE_SYSTEM_TOOLS=1 (as
 * .ci/run sets after installing them) it fails instead.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The tool's path: `$ENV_VAR`, else on PATH, else in /usr/sbin or /usr/bin. */
export function findTool(name: string, envVar?: string): string | undefined {
  const candidates = [
    ...(envVar && process.env[envVar] ? [process.env[envVar]!] : []),
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)),
    `/usr/sbin/${name}`,
    `/usr/bin/${name}`,
  ];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Skips the running test loudly (or fails it in CI) when `tool` is missing. */
export function needTool(tool: string | undefined, name: string, install: string, skip: (note?: string) => never): asserts tool is string {
  if (tool) return;
  const message = `${name} is not installed, so this test did NOT run: ${install} (.ci/run installs it)`;
  if (process.env.VCP_REQUIRE_SYSTEM_TOOLS === '1') throw new Error(message);
  console.warn(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n`);
  skip(message);
}
