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

  it('reads what a selector styles', () => {
    expect(styledClasses('.projector .card[data-selected]')).toEqual(['card']);
    expect(styledClasses('.card:has(.spotlight-flag), .column > .column-header h2')).toEqual(['card']);
    expect(styledClasses('button.vote-button:disabled')).toEqual(['vote-button']);
    expect(ruleSelectors('@media (x) { .a { b: c; } } @keyframes k { 0% { x: y; } } .d, .e { f: g; }')).toEqual(['.a', '.d, .e']);
  });
});
