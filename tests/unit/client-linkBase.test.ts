/** Which base the links for other devices use (client/state/linkBase.ts). */
import { describe, expect, it } from 'vitest';
import { boardUrl, isLoopbackHostname, resolveLinkBase } from '../../client/state/linkBase.ts';

const page = (origin: string) => ({ origin, hostname: new URL(origin).hostname });
const loopback = page('http://127.0.0.1:8080');

describe('link base', () => {
  it('is PUBLIC_URL whenever the server has one', () => {
    const info = { publicUrl: 'https://vcp.example.com', roomUrls: ['https://vcp.example.com'] };
    expect(resolveLinkBase(loopback, info)).toEqual({ kind: 'reachable', base: 'https://vcp.example.com', alternatives: [] });
    expect(resolveLinkBase(page('http://192.168.1.23:8080'), info).base).toBe('https://vcp.example.com');
  });

  it('is the page’s own origin when others reach the page the same way', () => {
    expect(resolveLinkBase(page('http://192.168.1.23:8080'), { publicUrl: null, roomUrls: [] })).toEqual({ kind: 'reachable', base: 'http://192.168.1.23:8080', alternatives: [] });
    expect(resolveLinkBase(page('https://board.example.org'), undefined).kind).toBe('reachable');
  });

  it('on a loopback page, is the server’s LAN address, the facilitator’s pick among several', () => {
    const info = { publicUrl: null, roomUrls: ['http://192.168.1.23:8080', 'http://10.0.0.5:8080'] };
    expect(resolveLinkBase(loopback, info)).toEqual({ kind: 'reachable', base: 'http://192.168.1.23:8080', alternatives: ['http://10.0.0.5:8080'] });
    expect(resolveLinkBase(loopback, info, 'http://10.0.0.5:8080')).toEqual({ kind: 'reachable', base: 'http://10.0.0.5:8080', alternatives: ['http://192.168.1.23:8080'] });
    expect(resolveLinkBase(loopback, info, 'http://6.6.6.6').base).toBe('http://192.168.1.23:8080');
  });

  it('on a loopback page of a loopback-only server, is for this computer only; unknown until the server answers', () => {
    expect(resolveLinkBase(loopback, { publicUrl: null, roomUrls: [] })).toEqual({ kind: 'this-computer-only', base: 'http://127.0.0.1:8080' });
    expect(resolveLinkBase(page('http://localhost:5173'), undefined).kind).toBe('unknown');
  });

  it('knows loopback names and builds board links with the secret in the fragment', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost']) expect(isLoopbackHostname(h)).toBe(true);
    for (const h of ['192.168.1.23', 'vcp.test', 'example.com']) expect(isLoopbackHostname(h)).toBe(false);
    expect(boardUrl('http://192.168.1.23:8080', 'abc123', 's3cret', '/review')).toBe('http://192.168.1.23:8080/b/abc123/review#s3cret');
  });
});
