/**
 * The decision log: an append-only record of what the room decided beyond
 * the board itself: facilitator overrides (closing Commit with open
 * trace-check findings), reopenings, consent outcomes, removals of protected
 * cards and links and their restoring (an undone removal), a Done taken back,
 * and the facilitator's amendments of agreed content.
 *
 * Layout: the content document's `decisions` Y.Array of plain DecisionEntry
 * objects. Only the facilitator writes it, and only by appending (the
 * server's rules refuse any other change, a facilitator's undo included).
 *
 * Reads skip invalid entries and repeated ids.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { columnIdSchema, type ColumnId } from '../../columns.ts';
import { randomId } from '../../ids.ts';
import { entityId, isoTimestamp, longText, parseOrThrow, personName, shortText, statedText } from '../../validate.ts';
import { LOCAL_ORIGIN, type Origin } from '../origin.ts';
import { COMMITMENT_STATUSES, CONSENT_METHODS, CONSENT_OUTCOMES, type CommitmentStatus, type ConsentMethod, type ConsentOutcome } from './commitment.ts';
import { lazySchema } from '../../lazySchema.ts';

/** A trace-check finding as kept in a decision-log override. */
export interface FindingRef {
  /** Stable id of the finding (kind and the ids it is about). */
  id: string;
  kind: string;
  message: string;
}

interface DecisionBase {
  id: string;
  /** ISO timestamp */
  at: string;
}

/** A commitment as named in the decision log. */
export interface CommitmentBrief {
  id: string;
  title: string;
  status: CommitmentStatus;
}

/**
 * A protected card or link the facilitator removed, with a reason: what it was
 * (a card's text and column, or a link's two cards) and what went with it.
 */
export interface RemovalDecision extends DecisionBase {
  kind: 'removal';
  by: string;
  reason: string;
  /** The removed card, as it was (absent when a link was removed). */
  card?: { id: string; column: ColumnId; text: string };
  /** The removed link, with its cards' texts (absent when a card was removed). */
  link?: { id: string; from: string; to: string; fromText: string; toText: string };
  /** Commitments removed with the card. */
  commitments: CommitmentBrief[];
  /** Consented commitments whose trace lost the card or link. */
  traces: CommitmentBrief[];
  /** How many links were removed (with the card, or the one link). */
  links: number;
}

/** The facilitator undid the removal of a protected card or link: it is back (the removal entry stays). */
export interface RestoralDecision extends DecisionBase {
  kind: 'restoral';
  by: string;
  /** The id of the removal entry this takes back. */
  removal: string;
  card?: RemovalDecision['card'];
  link?: RemovalDecision['link'];
  /** Commitments back with the card. */
  commitments: CommitmentBrief[];
  links: number;
}

/** The facilitator changed agreed content (a card that carries or lies on the trace of an agreed commitment). */
export interface AmendmentDecision extends DecisionBase {
  kind: 'amendment';
  by: string;
  card: { id: string; column: ColumnId };
  /** What changed: `text`, or a Details field's key (`target`, `metric`, …). */
  field: string;
  before: string;
  after: string;
  /** The consented commitments whose content this is. */
  commitments: CommitmentBrief[];
}

/** The facilitator took back a Done commitment (to in progress or agreed), with who and why. */
export interface TakeBackDecision extends DecisionBase {
  kind: 'take-back';
  by: string;
  reason: string;
  commitment: string;
  title: string;
  from: CommitmentStatus;
  to: CommitmentStatus;
}

/** Someone undid (Undo) a step that had logged a decision: the entry stays, this says it was taken back. */
export interface UndoneDecision extends DecisionBase {
  kind: 'undone';
  by: string;
  /** The id of the entry whose act was undone. */
  entry: string;
  /** That entry in words, as it read ("Consent on “X”: agreed"). */
  what: string;
}

/**
 * The board joined or left a portfolio, or a portfolio card it used was removed
 * from the portfolio (kept here as a local card): the server writes it
 * (server/portfolio), naming the goals and segments concerned.
 */
export interface PortfolioDecision extends DecisionBase {
  kind: 'portfolio';
  action: 'attached' | 'detached' | 'card-kept';
  portfolio: { id: string; title: string };
  /** Who did it, when a person is known. */
  by?: string;
  /** The cards concerned: shown from the portfolio (attached), kept as local copies (detached, card-kept). */
  cards: { id: string; column: ColumnId; text: string }[];
  /** How many links of the board reach those cards (kept with them). */
  links: number;
}

/** One entry of the board's decision log. */
export type DecisionEntry =
  | PortfolioDecision
  | UndoneDecision
  | RestoralDecision
  | AmendmentDecision
  | TakeBackDecision
  | (DecisionBase & { kind: 'override'; by: string; reason: string; findings: FindingRef[] })
  | (DecisionBase & { kind: 'reopen'; by: string; reason: string; commitment: string; title: string })
  | (DecisionBase & { kind: 'consent'; commitment: string; title: string; method: ConsentMethod; outcome: ConsentOutcome; participants: string[] })
  | RemovalDecision;

/** A trace-check finding as recorded in an override. */
const findingRefSchema = lazySchema(() => z.strictObject({ id: z.string().max(1_000), kind: z.string().max(60), message: longText }));

const decisionShape = { id: entityId, at: isoTimestamp };

/** A commitment as named in the decision log. */
const commitmentBriefSchema = lazySchema(() => z.strictObject({ id: entityId, title: shortText, status: z.enum(COMMITMENT_STATUSES) }));

/** One entry of the board's decision log (stored, and in the board JSON). */
export const decisionEntrySchema = lazySchema(() => z.discriminatedUnion('kind', [
  z.strictObject({ ...decisionShape, kind: z.literal('override'), by: personName, reason: statedText, findings: z.array(findingRefSchema).max(5_000) }),
  z.strictObject({ ...decisionShape, kind: z.literal('reopen'), by: personName, reason: statedText, commitment: entityId, title: shortText }),
  z.strictObject({
    ...decisionShape, kind: z.literal('consent'), commitment: entityId, title: shortText,
    method: z.enum(CONSENT_METHODS), outcome: z.enum(CONSENT_OUTCOMES), participants: z.array(personName).max(500),
  }),
  /** The facilitator removed a protected card or link, with a reason (a later addition: older logs have none). */
  z.strictObject({
    ...decisionShape, kind: z.literal('removal'), by: personName, reason: statedText,
    card: z.strictObject({ id: entityId, column: columnIdSchema, text: longText }).optional(),
    link: z.strictObject({ id: entityId, from: entityId, to: entityId, fromText: longText, toText: longText }).optional(),
    commitments: z.array(commitmentBriefSchema).max(100),
    traces: z.array(commitmentBriefSchema).max(10_000),
    links: z.number().int().min(0).max(100_000),
  }),
  /** The facilitator undid a removal: the card or link is back (a later addition). */
  z.strictObject({
    ...decisionShape, kind: z.literal('restoral'), by: personName, removal: entityId,
    card: z.strictObject({ id: entityId, column: columnIdSchema, text: longText }).optional(),
    link: z.strictObject({ id: entityId, from: entityId, to: entityId, fromText: longText, toText: longText }).optional(),
    commitments: z.array(commitmentBriefSchema).max(100),
    links: z.number().int().min(0).max(100_000),
  }),
  /** The facilitator changed agreed content (a later addition). */
  z.strictObject({
    ...decisionShape, kind: z.literal('amendment'), by: personName,
    card: z.strictObject({ id: entityId, column: columnIdSchema }),
    field: z.string().max(60), before: longText, after: longText,
    commitments: z.array(commitmentBriefSchema).max(100),
  }),
  /** Someone undid a step that had logged a decision (a later addition). */
  z.strictObject({ ...decisionShape, kind: z.literal('undone'), by: personName, entry: entityId, what: longText }),
  /** The facilitator took back a Done commitment (a later addition). */
  z.strictObject({
    ...decisionShape, kind: z.literal('take-back'), by: personName, reason: statedText, commitment: entityId, title: shortText,
    from: z.enum(COMMITMENT_STATUSES), to: z.enum(COMMITMENT_STATUSES),
  }),
  /** A portfolio joined or left, or a portfolio card kept as a local copy (a later addition). */
  z.strictObject({
    ...decisionShape, kind: z.literal('portfolio'), action: z.enum(['attached', 'detached', 'card-kept']),
    portfolio: z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/), title: z.string().max(200) }),
    by: personName.optional(),
    cards: z.array(z.strictObject({ id: entityId, column: columnIdSchema, text: longText })).max(2_000),
    links: z.number().int().min(0).max(100_000),
  }),
]));

/** The `decisions` root. */
export function decisionsRoot(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray('decisions');
}

/** What `addDecision` takes: an entry without id (generated) and `at` (defaults to now). */
type DecisionInput = DistributiveOmit<DecisionEntry, 'id' | 'at'> & { id?: string; at?: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Appends an entry to the board's decision log; returns its id. Throws if the entry is invalid. */
export function addDecision(doc: Y.Doc, entry: DecisionInput, origin: Origin = LOCAL_ORIGIN): string {
  const full = { ...entry, id: entry.id ?? randomId(), at: entry.at ?? new Date().toISOString() };
  const checked = parseOrThrow(decisionEntrySchema, full, 'decision') as DecisionEntry;
  doc.transact(() => pushDecision(doc, checked), origin);
  return full.id;
}

/**
 * The facilitator's override for closing the Commit phase with open
 * trace-check findings: a decision-log entry with a written reason and the
 * findings it overrides. Returns the entry id.
 */
export function recordOverride(doc: Y.Doc, input: { by: string; reason: string; findings: readonly FindingRef[]; at?: string }, origin: Origin = LOCAL_ORIGIN): string {
  const findings = input.findings.map((f) => ({ id: f.id, kind: f.kind, message: f.message }));
  return addDecision(doc, { kind: 'override', by: input.by, reason: input.reason, findings, ...(input.at ? { at: input.at } : {}) }, origin);
}

/** Appends a checked entry inside the caller's transaction. */
export function pushDecision(doc: Y.Doc, entry: DecisionEntry): void {
  decisionsRoot(doc).push([entry]);
}

/**
 * The decision log, oldest first (by time; entries at the same time keep the
 * log's order). Invalid entries and repeated ids are skipped.
 */
export function readDecisions(doc: Y.Doc): DecisionEntry[] {
  const seen = new Set<string>();
  const out: DecisionEntry[] = [];
  for (const item of decisionsRoot(doc).toArray()) {
    const checked = decisionEntrySchema.safeParse(item);
    if (!checked.success || seen.has(checked.data.id)) continue;
    seen.add(checked.data.id);
    out.push(checked.data as DecisionEntry);
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The log as stored, every item as a plain value (what the server's guard compares). */
export function readStoredDecisions(doc: Y.Doc): unknown[] {
  return decisionsRoot(doc).toJSON();
}

/** Puts the log back to `entries` as stored (inside the caller's transaction). */
export function restoreStoredDecisions(doc: Y.Doc, entries: readonly unknown[]): void {
  const log = decisionsRoot(doc);
  log.delete(0, log.length);
  log.insert(0, [...entries]);
}
