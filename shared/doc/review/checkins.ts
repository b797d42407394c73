/**
 * Commitment check-ins (append-only) and the review cadence (layout in ../review.ts).
 */
import type * as Y from 'yjs';
import { randomId } from '../../ids.ts';
import {
  isoFromMillis, newCheckInSchema, REVIEW_CADENCES, storedCheckInSchema, type CheckIn, type NewCheckIn, type ReviewCadence,
} from '../../review/model.ts';
import { BUILD_ORIGIN, LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { readCommitments } from '../records/commitment.ts';
import { byTime, parseInput, pushActivity, type ReviewContext } from './common.ts';
import { excerpt } from '../../text.ts';

/** The `checkins` root. */
export function checkInsRoot(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray('checkins');
}
/** The `review` root (settings: the cadence). */
export function reviewRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('review');
}

/**
 * Records a check-in on a commitment (append-only; returns its id). `value`
 * is the success indicator's current value; `indicator` says which one when
 * the commitment has several (default: its first). Does not change the
 * commitment's status (use `setCommitmentStatus` for that). Throws if the
 * commitment does not exist or the input is invalid.
 */
export function addCheckIn(doc: Y.Doc, commitmentId: string, input: NewCheckIn, ctx: ReviewContext = {}, origin: Origin = LOCAL_ORIGIN): string {
  const checked = parseInput(newCheckInSchema, input, 'check-in');
  const commitment = readCommitments(doc).find((c) => c.id === commitmentId);
  if (!commitment) throw new Error(`no such commitment: ${commitmentId}`);
  if (checked.indicator !== undefined && !commitment.indicators.includes(checked.indicator)) {
    throw new Error(`"${checked.indicator}" is not a success indicator of this commitment`);
  }
  const id = randomId();
  const record: Record<string, unknown> = { id, commitment: commitmentId, by: checked.by, status: checked.status, note: checked.note, date: checked.date, at: ctx.now ?? Date.now() };
  if (checked.value !== undefined) record.value = checked.value;
  if (checked.indicator !== undefined) record.indicator = checked.indicator;
  doc.transact(() => {
    checkInsRoot(doc).push([record]);
    pushActivity(doc, { kind: 'check-in', who: checked.by, commitment: commitmentId, checkIn: id, to: checked.status, excerpt: excerpt(commitment.title, 80, { lines: 'first' }) }, ctx);
  }, origin);
  return id;
}

/** Check-ins (of one commitment, or all), sorted by date, then by when they were recorded. */
export function readCheckIns(doc: Y.Doc, commitmentId?: string): CheckIn[] {
  const seen = new Set<string>();
  const out: (CheckIn & { atMs: number })[] = [];
  for (const item of checkInsRoot(doc).toArray()) {
    const checked = storedCheckInSchema.safeParse(item);
    if (!checked.success || seen.has(checked.data.id)) continue;
    const r = checked.data;
    const at = isoFromMillis(r.at);
    if (!at || (commitmentId !== undefined && r.commitment !== commitmentId)) continue;
    seen.add(r.id);
    const c: CheckIn & { atMs: number } = { id: r.id, commitment: r.commitment, by: r.by, status: r.status, note: r.note, date: r.date, at, atMs: r.at };
    if (r.value !== undefined) c.value = r.value;
    if (r.indicator !== undefined) c.indicator = r.indicator;
    out.push(c);
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || byTime(a, b));
  return out.map(({ atMs: _atMs, ...c }) => c);
}

/** Sets (or clears, with null) how often commitments are reviewed. */
export function setReviewCadence(doc: Y.Doc, cadence: ReviewCadence | null, origin: Origin = LOCAL_ORIGIN): void {
  if (cadence !== null && !REVIEW_CADENCES.includes(cadence)) throw new Error(`review cadence must be one of ${REVIEW_CADENCES.join(', ')}`);
  doc.transact(() => (cadence === null ? reviewRoot(doc).delete('cadence') : reviewRoot(doc).set('cadence', cadence)), origin);
}

/** The review cadence, if set (and valid). */
export function readReviewCadence(doc: Y.Doc): ReviewCadence | undefined {
  const cadence = reviewRoot(doc).get('cadence');
  return (REVIEW_CADENCES as readonly unknown[]).includes(cadence) ? (cadence as ReviewCadence) : undefined;
}

/**
 * Puts check-ins read from a board export back into a document as they were
 * (ids and recording times kept), for the board JSON import; check-ins whose
 * id is already there are skipped. Throws (writing nothing) if one is invalid.
 */
export function importCheckIns(doc: Y.Doc, checkIns: readonly CheckIn[], origin: Origin = BUILD_ORIGIN): void {
  const records = checkIns.map((c, i) => {
    const { at, ...rest } = c;
    return parseInput(storedCheckInSchema, { ...rest, at: Date.parse(at) }, `check-in [${i}]`);
  });
  const present = new Set(readCheckIns(doc).map((c) => c.id));
  doc.transact(() => {
    for (const record of records) {
      if (present.has(record.id)) continue;
      present.add(record.id);
      checkInsRoot(doc).push([{ ...record }]);
    }
  }, origin);
}
