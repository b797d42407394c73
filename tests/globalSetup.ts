/**
 * Vitest global setup: resolves the browser once per run, before any worker
 * starts, so the packaged Chromium is unpacked by one process and the test
 * files only find it (tests/helpers/chromium.ts).
 */
import { resolveChromium } from './helpers/chromium.ts';

export default function setup(): void {
  try {
    const browser = resolveChromium();
    // Workers inherit the environment: they launch exactly this browser.
    process.env.VCP_RESOLVED_CHROMIUM = browser.executablePath;
    console.log(`Browser tests use ${browser.source === 'packaged' ? 'the packaged Chromium' : browser.source === 'system' ? 'the system browser' : 'CHROMIUM_PATH'}: ${browser.executablePath}`);
  } catch (error) {
    // Only the browser tests need it: they fail with this message, the others run.
    process.env.VCP_CHROMIUM_ERROR = error instanceof Error ? error.message : String(error);
    console.error(`No browser for the browser tests: ${process.env.VCP_CHROMIUM_ERROR}`);
  }
}
