/** The line `npm start` prints: where the server listens, and where the room can open it. */
import type { ServerConfig } from '../config.ts';
import { roomUrls } from './addresses.ts';

/**
 * `VCP board listening on <url> (data in <dir>)`, then what other devices
 * should open: PUBLIC_URL, the LAN address(es), or how to serve the room.
 */
export function startupLine(url: string, port: number, config: Pick<ServerConfig, 'host' | 'dataDir' | 'publicUrl'>, interfaces?: Parameters<typeof roomUrls>[2]): string {
  const head = `VCP board listening on ${url} (data in ${config.dataDir})`;
  if (config.publicUrl) return `${head}; public address ${config.publicUrl}`;
  const room = roomUrls(config.host, port, interfaces);
  if (room.length) return `${head}; in the room, open ${room.join(' or ')}`;
  if (config.host === '0.0.0.0' || config.host === '::') return `${head}; no network address found: join the room's Wi-Fi and restart`;
  return `${head}; only this computer can open it (for a workshop over the room's network: npm start -- --lan)`;
}
