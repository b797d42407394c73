/**
 * The client's one style system (issue 11): colours are written only in the
 * token file, each component's styles sit in a CSS file beside it that it
 * imports, and no class is styled in two files.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = 'client';
const TOKENS = 'client/styles/base.css';

function cssFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return cssFiles(path);
    return name.endsWith('.css') ? [path] : [];
  });
}

/** The selectors of every style rule of a stylesheet (inside @media too; not keyframe steps). */
function ruleSelectors(css: string): string[] {
  const source = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const out: string[] = [];
  const heads: string[] = [];
  let text = '';
  for (const ch of source) {
    if (ch === '{') {
      const head = text.trim();
      const inKeyframes = heads.some((h) => h.startsWith('@keyframes'));
      if (!head.startsWith('@') && !inKeyframes) out.push(head);
      heads.push(head);
      text = '';
    } else if (ch === '}') {
      heads.pop();
      text = '';
    } else if (ch === ';') text = '';
    else text += ch;
  }
  return out;
}

/** The classes a selector styles: those of its last compound (what the declarations apply to), not of its context. */
function styledClasses(selector: string): string[] {
  return selector.split(/,(?![^(]*\))/).flatMap((part) => {
    const plain = part.replace(/\[[^\]]*\]/g, '').replace(/:[\w-]+\((?:[^()]|\([^()]*\))*\)/g, '');
    const last = plain.trim().split(/\s*[\s>+~]\s*/).pop() ?? '';
    return [...last.matchAll(/\.([A-Za-z_][\w-]*)/g)].map((m) => m[1]!);
  });
}

const files = cssFiles(CLIENT);

/** The compound a `:has()` is anchored on, without its own brackets: `.field-group > .field:has(textarea)` → `.field`. */
function hasAnchor(selector: string): string {
  const before = selector.slice(0, selector.indexOf(':has(')).replace(/\[[^\]]*\]/g, '');
  return before.trim().split(/\s*[\s>+~]\s*/).pop() ?? '';
}

/** The small controls a `:has()` may be anchored on (each holds a few elements, never a card). */
const SMALL_CONTROLS = ['.segment', 'label', '.field', '.trace-stage'];

describe('the client style system', () => {
  it('finds the stylesheets', () => {
    expect(files).toContain(TOKENS);
    expect(files.length).toBeGreaterThan(20);
  });

  it('writes colours only in the token file', () => {
    const withHex = files.filter((f) => f !== TOKENS && /#[0-9a-fA-F]{3,8}\b/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')));
    expect(withHex).toEqual([]);
  });

  it('styles each class in one file', () => {
    const owners = new Map<string, Set<string>>();
    for (const file of files) {
      for (const selector of ruleSelectors(readFileSync(file, 'utf8'))) {
        for (const name of styledClasses(selector)) (owners.get(name) ?? owners.set(name, new Set()).get(name)!).add(relative(CLIENT, file));
      }
    }
    const twice = [...owners].filter(([, where]) => where.size > 1).map(([name, where]) => `.${name}: ${[...where].join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('keeps a component’s stylesheet beside it, imported by it', () => {
    const astray = files
      .filter((f) => !f.startsWith(join(CLIENT, 'styles')))
      .filter((f) => {
        const component = f.replace(/\.css$/, '.tsx');
        const name = f.split('/').pop()!;
        return !existsSync(component) || !readFileSync(component, 'utf8').includes(`import './${name}';`);
      });
    expect(astray).toEqual([]);
  });

  // A `:has()` rule makes the browser check its anchor's style again whenever something inside
  // changes: anchored on a card, a column, a list item or the page, every key typed into a card
  // did (~0.7 ms of style work per key on a 2,000-card board, C5 in docs/BENCHMARKS.md).
  // Small controls may look into themselves (a segment at its radio button, a field at its text area).
  it('anchors no `:has()` rule on what holds the board’s cards', () => {
    const anchored = files.flatMap((file) =>
      ruleSelectors(readFileSync(file, 'utf8'))
        .flatMap((selector) => selector.split(/,(?![^(]*\))/))
        .filter((part) => part.includes(':has('))
        .map((part) => ({ file: relative(CLIENT, file), anchor: hasAnchor(part) })),
    );
    expect(anchored.length).toBeGreaterThan(0);
    expect(anchored.filter((a) => !SMALL_CONTROLS.includes(a.anchor))).toEqual([]);
    expect(hasAnchor('.consent-choice label:has(input[value="up"])')).toBe('label');
    expect(hasAnchor('body:has(.drawer) .zoom-controls')).toBe('body');
  });

  it('reads what a selector styles', () => {
    expect(styledClasses('.projector .card[data-selected]')).toEqual(['card']);
    expect(styledClasses('.card:has(.spotlight-flag), .column > .column-header h2')).toEqual(['card']);
    expect(styledClasses('button.vote-button:disabled')).toEqual(['vote-button']);
    expect(ruleSelectors('@media (x) { .a { b: c; } } @keyframes k { 0% { x: y; } } .d, .e { f: g; }')).toEqual(['.a', '.d, .e']);
  });
});
