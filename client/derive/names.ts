/** People's names as typed into commitment fields and consent rounds, pure. */

/** "Ana, Ben;  Cy" → ["Ana", "Ben", "Cy"]: trimmed, blanks dropped, each name once (case-insensitively). */
export function parseNames(text: string): string[] {
  return uniqueNames(text.split(/[,;\n]/));
}

/** The names as one line for a text field. */
export function formatNames(names: readonly string[]): string {
  return names.join(', ');
}

/** Trimmed, non-blank names, each once (the first spelling wins), at most 200 characters each. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ').slice(0, 200);
    const key = name.toLocaleLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
