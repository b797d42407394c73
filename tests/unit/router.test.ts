/** The route table (server/http/router.ts): one row per endpoint, matched in one place. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { HttpError } from '../../server/http/respond.ts';
import { route, RouteTable, type RouteContext } from '../../server/http/router.ts';

const seen: { name: string; params: Record<string, string> }[] = [];
const row = (name: string) => ({ params }: RouteContext<Record<string, string>>) => void seen.push({ name, params });

const table = new RouteTable([
  route('POST', '/api/boards', row('create')),
  route('GET', '/api/boards/:boardId', row('read')),
  route('GET', '/api/boards/:boardId/history', row('list')),
  route('POST', '/api/boards/:boardId/history', row('save')),
  route('GET', '/api/boards/:boardId/history/:from/diff/:to', row('diff')),
  route('GET', '/api/server', row('server')),
  route('HEAD', '/api/server', row('server')),
]);

/** What the table answers for a method and a path: the row's name and params, false (no row has the path) or the HttpError. */
async function ask(method: string, path: string): Promise<{ name: string; params: Record<string, string> } | false | HttpError> {
  seen.length = 0;
  const req = { method } as IncomingMessage;
  try {
    const handled = await table.dispatch(req, {} as ServerResponse, new URL(path, 'http://localhost'));
    return handled ? seen[0]! : false;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe('the route table', () => {
  it('runs the row of the method and path, with its named parameters', async () => {
    expect(await ask('POST', '/api/boards')).toEqual({ name: 'create', params: {} });
    expect(await ask('GET', '/api/boards/abc')).toEqual({ name: 'read', params: { boardId: 'abc' } });
    expect(await ask('GET', '/api/boards/abc/history/s1/diff/current')).toEqual({ name: 'diff', params: { boardId: 'abc', from: 's1', to: 'current' } });
    expect(await ask('HEAD', '/api/server')).toEqual({ name: 'server', params: {} });
  });

  it('reads paths as the server always has: empty segments and a trailing slash do not count', async () => {
    expect(await ask('GET', '/api/boards/abc/')).toEqual({ name: 'read', params: { boardId: 'abc' } });
    expect(await ask('GET', '/api//boards/abc')).toEqual({ name: 'read', params: { boardId: 'abc' } });
  });

  it('leaves an unknown path to the caller (a 404 under /api, the app elsewhere)', async () => {
    expect(await ask('GET', '/api/nope')).toBe(false);
    expect(await ask('GET', '/api/boards/abc/nope')).toBe(false);
    expect(await ask('GET', '/api/boards/abc/history/s1/diff')).toBe(false);
    expect(await ask('GET', '/b/abc')).toBe(false);
  });

  it('answers a known path with another method 405, naming the methods it takes in Allow', async () => {
    const wrong = await ask('DELETE', '/api/boards/abc/history');
    expect(wrong).toBeInstanceOf(HttpError);
    expect(wrong).toMatchObject({ status: 405, code: 'method_not_allowed', message: 'use GET, POST', headers: { Allow: 'GET, POST' } });
    expect(await ask('GET', '/api/boards')).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
    expect(await ask('POST', '/api/server')).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD' } });
  });

  it('decodes parameters, keeping an encoded slash inside its parameter', async () => {
    expect(await ask('GET', '/api/boards/caf%C3%A9')).toEqual({ name: 'read', params: { boardId: 'café' } });
    expect(await ask('GET', '/api/boards/..%2F..%2Fetc')).toEqual({ name: 'read', params: { boardId: '../../etc' } });
    expect(await ask('GET', '/api/boards/a%2Fhistory')).toEqual({ name: 'read', params: { boardId: 'a/history' } });
  });

  it('answers a parameter that is not valid percent-encoding 404, never a crash', async () => {
    for (const bad of ['%E0%A4%A', '%', '%zz']) {
      expect(await ask('GET', `/api/boards/${bad}`)).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('types each handler\'s parameters from its pattern', () => {
    route('GET', '/api/boards/:boardId/history/:from/diff/:to', ({ params }) => {
      expectTypeOf(params).toEqualTypeOf<{ boardId: string; from: string; to: string }>();
    });
  });
});
