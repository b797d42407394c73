/**
 * A short digest of a text, to tell whether a card brought back is the one
 * deleted (ruleEngine.ts keeps one per deleted card, not its words).
 */
import { createHash } from 'node:crypto';

export function textPrint(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
