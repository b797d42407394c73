/** Addresses, PUBLIC_URL/TRUST_PROXY parsing and the startup line (server/net, server/config.ts). */
import type { IncomingMessage } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parsePublicUrl, parseTrustProxy } from '../../server/config.ts';
import { clientAddress, isLoopbackHost, rateKey, roomUrls } from '../../server/net/addresses.ts';
import { startupLine } from '../../server/net/startupLine.ts';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal }) as NetworkInterfaceInfo;
const INTERFACES = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  wlan0: [nic('192.168.1.23', 'IPv4'), nic('fe80::1', 'IPv6'), nic('2001:db8::23', 'IPv6')],
  docker0: [nic('172.17.0.1', 'IPv4')],
  eth0: [nic('169.254.10.1', 'IPv4'), nic('10.0.0.5', 'IPv4')],
};

describe('client address', () => {
  it('is the socket address unless proxies are trusted', () => {
    expect(clientAddress(request('::ffff:192.0.2.1', '198.51.100.1'))).toBe('192.0.2.1');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), 1)).toBe('198.51.100.1');
  });

  it('takes the entry the trusted proxies appended, never what the client claimed', () => {
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 198.51.100.1'), 1)).toBe('198.51.100.1');
    expect(clientAddress(request('127.0.0.1', '6.6.6.6, 198.51.100.1, 10.0.0.2'), 2)).toBe('198.51.100.1');
    // Fewer entries than proxies, or garbage: the best we know.
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), 3)).toBe('198.51.100.1');
    expect(clientAddress(request('127.0.0.1', 'not-an-address'), 1)).toBe('127.0.0.1');
    expect(clientAddress(request('127.0.0.1'), 1)).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64', () => {
    expect(rateKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(rateKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateKey('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('where the room can reach the server', () => {
  it('nowhere when it listens on loopback only', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.1.1']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(roomUrls(host, 8080, INTERFACES)).toEqual([]);
    }
  });

  it('every LAN address (not loopback, not link-local) when it listens on all interfaces, container bridges last', () => {
    expect(roomUrls('0.0.0.0', 8080, INTERFACES)).toEqual(['http://192.168.1.23:8080', 'http://10.0.0.5:8080', 'http://172.17.0.1:8080']);
    expect(roomUrls('::', 8080, INTERFACES)).toEqual(['http://192.168.1.23:8080', 'http://10.0.0.5:8080', 'http://172.17.0.1:8080', 'http://[2001:db8::23]:8080']);
  });

  it('the one address it listens on', () => {
    expect(roomUrls('192.168.1.23', 9000, INTERFACES)).toEqual(['http://192.168.1.23:9000']);
  });
});

describe('settings', () => {
  it('PUBLIC_URL is an origin', () => {
    expect(parsePublicUrl('https://vcp.example.com/')).toBe('https://vcp.example.com');
    expect(parsePublicUrl('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
    expect(parsePublicUrl(undefined)).toBeUndefined();
    expect(() => parsePublicUrl('vcp.example.com')).toThrow(/absolute URL/);
    expect(() => parsePublicUrl('ftp://vcp.example.com')).toThrow(/http/);
    expect(() => parsePublicUrl('https://example.com/vcp')).toThrow(/origin only/);
  });

  it('TRUST_PROXY is a number of hops', () => {
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy('false')).toBe(0);
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(() => parseTrustProxy('loopback')).toThrow(/TRUST_PROXY/);
  });

  it('the startup line says where the room opens the board, or how to serve the room', () => {
    const base = { dataDir: '/srv/data' };
    expect(startupLine('http://0.0.0.0:8080', 8080, { ...base, host: '0.0.0.0' }, INTERFACES)).toBe(
      'VCP board listening on http://0.0.0.0:8080 (data in /srv/data); in the room, open http://192.168.1.23:8080 or http://10.0.0.5:8080 or http://172.17.0.1:8080',
    );
    expect(startupLine('http://127.0.0.1:8080', 8080, { ...base, host: '127.0.0.1' }, INTERFACES)).toMatch(/only this computer can open it .*npm start -- --lan/);
    expect(startupLine('http://127.0.0.1:8080', 8080, { ...base, host: '127.0.0.1', publicUrl: 'https://vcp.example.com' }, INTERFACES)).toMatch(/public address https:\/\/vcp\.example\.com$/);
  });
});
