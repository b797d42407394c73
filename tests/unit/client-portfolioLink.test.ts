/** Reading a pasted portfolio link (client/api/portfolios.ts): the id and the key, from any page of the portfolio. */
import { describe, expect, it } from 'vitest';
import { parsePortfolioLink } from '../../client/api/portfolios.ts';

describe('parsePortfolioLink', () => {
  it('reads the id and secret of a portfolio\'s page, its projector or roll-up page, with spaces around', () => {
    expect(parsePortfolioLink('https://vcp.example.com/b/abcDEF123_-x#s3cr3t-KEY_0')).toEqual({ id: 'abcDEF123_-x', secret: 's3cr3t-KEY_0' });
    expect(parsePortfolioLink('  http://127.0.0.1:8124/b/abcdef12/rollup#key  ')).toEqual({ id: 'abcdef12', secret: 'key' });
    expect(parsePortfolioLink('/b/abcdef12/present#key')).toEqual({ id: 'abcdef12', secret: 'key' });
  });

  it('refuses what is no portfolio link: no key, no id, a join code', () => {
    expect(parsePortfolioLink('https://vcp.example.com/b/abcdef12')).toBeUndefined();
    expect(parsePortfolioLink('https://vcp.example.com/b/ab#key')).toBeUndefined();
    expect(parsePortfolioLink('ABCD-EFGH')).toBeUndefined();
    expect(parsePortfolioLink('')).toBeUndefined();
  });
});
