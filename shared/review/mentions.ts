/**
 * "@Name" mentions in comment text, resolved against the board's participant
 * names. Pure; the UI calls it before `addComment` and passes the result.
 */

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * The names from `names` mentioned in `text` as "@Name", in order of first
 * mention, each once, spelled as in `names`. Names may contain spaces ("@Ann
 * Lee"); matching ignores case, prefers the longest name ("@Ann Lee" over
 * "@Ann"), and needs a word boundary on both sides, so an e-mail address
 * ("bob@ann.io") or a longer word ("@Annabel") is no mention of "Ann".
 */
export function parseMentions(text: string, names: readonly string[]): string[] {
  const candidates = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))]
    .sort((a, b) => b.length - a.length);
  if (candidates.length === 0 || !text.includes('@')) return [];
  const found: string[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD_CHAR.test(text.charAt(at - 1))) continue;
    const start = at + 1;
    const name = candidates.find((n) => text.slice(start, start + n.length).toLowerCase() === n.toLowerCase()
      && !WORD_CHAR.test(text.charAt(start + n.length)));
    if (name && !found.includes(name)) found.push(name);
  }
  return found;
}

/** Whether a comment's mentions name `me` (display names compare without case or outer spaces). */
export function mentionsOf(mentions: readonly string[], me: string | undefined): boolean {
  const name = me?.trim().toLowerCase();
  return !!name && mentions.some((m) => m.trim().toLowerCase() === name);
}

/**
 * Whether `me` is the owner of a commitment: the same display name, ignoring
 * case and a parenthesised role ("Priya Nair (Head of Customer Success)" is
 * owned by "Priya Nair").
 */
export function isOwnerName(owner: string | undefined, me: string | undefined): boolean {
  const bare = (name: string) => name.replace(/\s*\([^)]*\)\s*$/, '').trim().toLowerCase();
  const mine = me ? bare(me) : '';
  return !!owner && mine.length > 0 && (bare(owner) === mine || owner.trim().toLowerCase() === me!.trim().toLowerCase());
}
