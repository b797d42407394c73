/**
 * What a reviewer may write: the review parts of a board's content document
 * (comment threads, check-ins, the activity feed they append to) and nothing
 * else, decided from the decoded update before it is applied. A refused
 * update is not applied at all (the connection closes with 4403): a
 * reviewer's own client never sends one, since it offers no board edits.
 */
import type * as Y from 'yjs';
import { isReviewPart } from '../../shared/doc/rules.ts';
import type { DecodedUpdate } from './structs/dependencies.ts';
import { writesOutside } from './structs/roots.ts';

/** Why a reviewer's update is refused (it writes outside the review parts), or undefined. */
export function outsideReview(doc: Y.Doc, decoded: DecodedUpdate): string | undefined {
  return writesOutside(doc, decoded, isReviewPart);
}
