/**
 * "@Name" while typing a comment: which name is being typed (for the
 * suggestion list), putting the chosen name in, and splitting a comment into
 * text and mentions for display. Pure; parsing what a comment mentions is
 * shared/review/mentions.ts (`parseMentions`).
 */

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const MAX_QUERY = 40;

export interface MentionQuery {
  /** Index of the "@". */
  at: number;
  /** What follows it up to the caret. */
  query: string;
}

/**
 * The mention being typed at `caret`, if any: an "@" not inside a word, then
 * up to 40 characters on the same line. Spaces are allowed only while some
 * name still starts with what was typed ("@Ann L" for "Ann Lee").
 */
export function activeMention(text: string, caret: number, names: readonly string[]): MentionQuery | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > MAX_QUERY) return undefined;
  if (at > 0 && WORD_CHAR.test(before.charAt(at - 1))) return undefined;
  const query = before.slice(at + 1);
  if (/[\r\n@]/.test(query)) return undefined;
  if (/\s/.test(query)) {
    const lower = query.toLowerCase();
    if (!names.some((n) => n.toLowerCase().startsWith(lower))) return undefined;
  }
  return { at, query };
}

/** Names matching a query: those starting with it first, then those with a word starting with it; at most `limit`. */
export function suggestNames(names: readonly string[], query: string, limit = 6): string[] {
  const q = query.trim().toLowerCase();
  const starts: string[] = [];
  const inside: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.startsWith(q)) starts.push(name);
    else if (q && lower.split(/\s+/).some((word) => word.startsWith(q))) inside.push(name);
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...starts.sort(byName), ...inside.sort(byName)].slice(0, limit);
}

/** Replaces the typed mention with "@Name " and returns the new text and caret. */
export function insertMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.at) + inserted + after, caret: mention.at + inserted.length };
}

export type CommentSegment = { kind: 'text'; text: string } | { kind: 'mention'; text: string; name: string };

/**
 * A comment's text in pieces, with each "@Name" of `mentions` (the names the
 * comment was stored with) as its own piece, matched like `parseMentions`:
 * ignoring case, longest name first, on word boundaries.
 */
export function commentSegments(text: string, mentions: readonly string[]): CommentSegment[] {
  const names = [...new Set(mentions)].filter((n) => n.trim()).sort((a, b) => b.length - a.length);
  const out: CommentSegment[] = [];
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '@' && names.length > 0 && (i === 0 || !WORD_CHAR.test(text.charAt(i - 1)))) {
      const name = names.find((n) => text.slice(i + 1, i + 1 + n.length).toLowerCase() === n.toLowerCase()
        && !WORD_CHAR.test(text.charAt(i + 1 + n.length)));
      if (name) {
        if (plain) out.push({ kind: 'text', text: plain });
        plain = '';
        out.push({ kind: 'mention', text: text.slice(i, i + 1 + name.length), name });
        i += name.length;
        continue;
      }
    }
    plain += ch;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}
