/**
 * Addresses: who is asking (behind zero or more trusted proxies) and where
 * other devices in the room can reach this server.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** `::ffff:192.168.1.5` → `192.168.1.5`; brackets and zone ids dropped. */
function normaliseAddress(address: string): string {
  const plain = address.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  return (mapped ? mapped[1]! : plain).toLowerCase();
}

/** True for addresses and names only this computer can open (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = normaliseAddress(host);
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True for the "every interface" addresses. */
function isWildcardHost(host: string): boolean {
  const h = normaliseAddress(host);
  return h === '' || h === '0.0.0.0' || h === '::';
}

/** Requests a cluster peer forwarded, with the address of the client it forwarded them for (server/cluster/peers.ts). */
const relayedClients = new WeakMap<IncomingMessage, string>();

/** Marks `req` as forwarded by a verified cluster peer for the client at `address` (rate limits count that client). */
export function setRelayedClient(req: IncomingMessage, address: string): void {
  relayedClients.set(req, normaliseAddress(address));
}

/**
 * The client's address: the address a verified cluster peer forwarded the
 * request for, else the socket's, or with `trustProxy` proxies in front,
 * the entry of X-Forwarded-For that the outermost trusted proxy appended
 * (entries further left are whatever the client claimed, so never believed).
 */
export function clientAddress(req: IncomingMessage, trustProxy = 0): string {
  const relayed = relayedClients.get(req);
  if (relayed) return relayed;
  const socket = normaliseAddress(req.socket.remoteAddress ?? '');
  if (trustProxy <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => normaliseAddress(s)).filter(Boolean);
  const chain = [...forwarded, socket];
  const client = chain[Math.max(0, chain.length - 1 - trustProxy)]!;
  return isIP(client) ? client : socket;
}

/**
 * The key a client is counted under for rate limits: its IPv4 address, or the
 * /64 of an IPv6 address (one host usually holds a whole /64).
 */
export function rateKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

const LINK_LOCAL = /^(169\.254\.|fe80:)/i;
/** Container bridges, VMs and VPN tunnels: not where phones in the room are. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vboxnet|vmnet|cni|flannel|tun|tap|utun|wg|tailscale|zt)/i;

/** Home and office networks first (192.168/16, 10/8, 172.16/12), then the rest; virtual interfaces last. */
function preference(name: string, address: string): number {
  const range = /^192\.168\./.test(address) ? 0 : /^10\./.test(address) ? 1 : /^172\.(1[6-9]|2\d|3[01])\./.test(address) ? 2 : 3;
  return (VIRTUAL_INTERFACE.test(name) ? 10 : 0) + range;
}

/**
 * Where other devices can open a server listening on `host:port`: nothing for
 * a loopback host; the host itself for a specific address; every non-internal
 * interface address for 0.0.0.0/:: (IPv4 first: what phones on Wi-Fi use),
 * the room's likely network first.
 */
export function roomUrls(host: string, port: number, interfaces = networkInterfaces()): string[] {
  const url = (address: string) => `http://${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
  if (isLoopbackHost(host)) return [];
  if (!isWildcardHost(host)) return [url(normaliseAddress(host))];
  const found: { url: string; rank: number }[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const entry of list ?? []) {
      if (entry.internal || LINK_LOCAL.test(entry.address)) continue;
      if (entry.family === 'IPv4') found.push({ url: url(entry.address), rank: preference(name, entry.address) });
      else if (normaliseAddress(host) === '::') found.push({ url: url(entry.address), rank: 100 + preference(name, entry.address) });
    }
  }
  return [...new Set(found.sort((a, b) => a.rank - b.rank).map((f) => f.url))];
}
