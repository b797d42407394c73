/**
 * Which Chromium the browser tests, the client bench and screenshot scripts
 * run, so `npm install && npm test` needs no system package:
 *   1. `CHROMIUM_PATH`, when set;
 *   2. else a system Chromium or Chrome (PATH, then the usual Linux and macOS
 *      locations), unless `VCP_BROWSER=packaged` hides them;
 *   3. else the headless Chromium that ships inside the `@sparticuz/chromium`
 *      devDependency (x64 Linux), unpacked once into node_modules/.cache.
 *
 * The packaged browser is launched through a small wrapper script beside it
 * that puts the NSS libraries shipped with it on LD_LIBRARY_PATH and points
 * fontconfig at its fonts, so a machine without libnss3 or fonts runs it and
 * anything that takes an executable path (playwright, shot.mjs) can use it.
 *
 * Run it to print the path: `CHROMIUM_PATH=$(npm run -s chromium) node shot.mjs …`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'packaged';

interface ResolvedChromium {
  executablePath: string;
  source: ChromiumSource;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE = '@sparticuz/chromium';

/** Names looked up on PATH, then absolute locations (Debian/Ubuntu/Fedora/snap, macOS). */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first system Chromium/Chrome: on PATH, then at the usual locations. */
function findSystemChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return SYSTEM_PATHS.find(isExecutable);
}

/** Where the packaged browser is unpacked: one directory per package version. */
function packagedChromiumDir(): string {
  // The package exports no ./package.json: find it above its entry point.
  let pkgDir = dirname(createRequire(join(ROOT, 'package.json')).resolve(PACKAGE));
  while (!existsSync(join(pkgDir, 'package.json')) || !pkgDir.endsWith(join('@sparticuz', 'chromium'))) pkgDir = dirname(pkgDir);
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  return join(ROOT, 'node_modules', '.cache', 'vcp-chromium', version);
}

const WRAPPER = 'chromium-wrapper';

/**
 * Unpacks the packaged Chromium (once; later calls find it) and returns the
 * wrapper that launches it. The package unpacks into `os.tmpdir()`, so it runs
 * in a child process whose TMPDIR is a fresh staging directory; the staging
 * directory is renamed into place when complete, so a half-unpacked browser is
 * never used and two processes racing leave one good copy.
 */
function packagedChromium(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no packaged Chromium for ${process.platform}/${process.arch}: install Chrome or Chromium, or set CHROMIUM_PATH`);
  }
  const dir = packagedChromiumDir();
  const wrapper = join(dir, WRAPPER);
  if (existsSync(wrapper)) return wrapper;
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    // AWS_EXECUTION_ENV makes the package unpack its Amazon Linux NSS libraries too:
    // the browser needs libnss3/libnspr4, which a fresh machine may lack.
    const unpack = spawnSync(process.execPath, ['--input-type=module', '-e', `const { default: c } = await import(${JSON.stringify(PACKAGE)}); console.log(await c.executablePath());`], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
      encoding: 'utf8',
    });
    if (unpack.status !== 0 || !existsSync(join(staging, 'chromium')) || !existsSync(join(staging, 'al2023', 'lib'))) {
      throw new Error(`unpacking ${PACKAGE} failed: ${unpack.stderr || unpack.stdout}`);
    }
    writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir));
    writeFileSync(join(staging, WRAPPER), wrapperScript(dir), { mode: 0o755 });
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(wrapper)) throw error; // another process won the race: use its copy
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return wrapper;
}

/** The system's font configuration when there is one, plus the fonts shipped with the browser. */
function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts')}</dir>
  <cachedir>${join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}

function wrapperScript(dir: string): string {
  return `#!/bin/sh
# Launches the Chromium unpacked from ${PACKAGE} with the libraries and fonts shipped beside it.
LD_LIBRARY_PATH="${join(dir, 'al2023', 'lib')}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
FONTCONFIG_FILE="${join(dir, 'fonts.conf')}"
export LD_LIBRARY_PATH FONTCONFIG_FILE
exec "${join(dir, 'chromium')}" "$@"
`;
}

/** The browser to run (see the module comment for the order). */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): ResolvedChromium {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  if (env.VCP_BROWSER !== 'packaged') {
    const system = findSystemChromium(env);
    if (system) return { executablePath: system, source: 'system' };
  }
  return { executablePath: packagedChromium(), source: 'packaged' };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(resolveChromium().executablePath);
}
