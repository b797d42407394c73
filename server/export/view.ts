/**
 * What the export formats share, derived once from a snapshot: columns in the
 * board's display order, each commitment's trace per column, the findings and
 * read-back sentences, and small text helpers. Pure.
 */
import { COLUMNS, COLUMN_IDS, type BoardSnapshot, type Card, type ColumnId, type Commitment, type ConsentRecord, type DecisionEntry, type Direction } from '../../shared/model.ts';
import type { CardComment, CommentThread } from '../../shared/review/model.ts';
import { goalTracer } from '../../shared/derive.ts';
import { openFindings, traceCheck, type TraceFinding } from '../../shared/traceCheck.ts';
import { readBack } from '../../shared/readBack.ts';
import { CONSENTED, isObjection, lastConsent } from '../../shared/commitments.ts';
import type { ExportInput } from './types.ts';

/** Columns as the board shows them: goal on the right for `rtl` boards. */
function displayColumns(direction: Direction): ColumnId[] {
  return direction === 'rtl' ? [...COLUMN_IDS].reverse() : [...COLUMN_IDS];
}

export function columnTitle(column: ColumnId): string {
  return COLUMNS.find((c) => c.id === column)?.title ?? column;
}

interface CommitmentView {
  commitment: Commitment;
  initiative: Card | undefined;
  indicators: Card[];
  /** Cards of the trace (initiative up to the goals), per column, in board order. */
  trace: Record<ColumnId, Card[]>;
  /** The read-back sentence, for commitments the room consented to. */
  readBack?: string;
  consent?: string;
}

export interface BoardView {
  input: ExportInput;
  snapshot: BoardSnapshot;
  byId: Map<string, Card>;
  columns: ColumnId[];
  active: Card[];
  parked: Card[];
  commitments: CommitmentView[];
  findings: TraceFinding[];
  /** Findings no facilitator override covers. */
  open: TraceFinding[];
}

export function boardView(input: ExportInput): BoardView {
  const snapshot = input.snapshot;
  const byId = new Map(snapshot.cards.map((c) => [c.id, c]));
  const findings = traceCheck(snapshot);
  const trace = goalTracer(snapshot.cards, snapshot.links);
  return {
    input,
    snapshot,
    byId,
    columns: displayColumns(snapshot.board.direction),
    active: snapshot.cards.filter((c) => c.status === 'active'),
    parked: snapshot.cards.filter((c) => c.status === 'parked'),
    commitments: snapshot.commitments.map((c) => commitmentView(c, snapshot, byId, trace)),
    findings,
    open: openFindings(findings, snapshot.decisions ?? []),
  };
}

function commitmentView(c: Commitment, snapshot: BoardSnapshot, byId: Map<string, Card>, traceOf: (cardId: string) => string[]): CommitmentView {
  const ids = new Set(traceOf(c.card));
  ids.add(c.card);
  const trace = Object.fromEntries(COLUMN_IDS.map((col) => [col, [] as Card[]])) as unknown as Record<ColumnId, Card[]>;
  for (const card of snapshot.cards) if (ids.has(card.id)) trace[card.column].push(card);
  const consent = consentSummary(c);
  return {
    commitment: c,
    initiative: byId.get(c.card),
    indicators: c.indicators.map((id) => byId.get(id)).filter((x): x is Card => x !== undefined),
    trace,
    ...(CONSENTED.includes(c.status) ? { readBack: readBack(c, snapshot, traceOf).sentence } : {}),
    ...(consent ? { consent } : {}),
  };
}

/**
 * The last consent round in words: "Agreed by thumbs on 2026-03-10 (3 taking
 * part; Lea (down): too late)", naming every objection and every comment, and
 * a reopening after it.
 */
function consentSummary(c: Commitment): string | undefined {
  const last = lastConsent(c);
  if (!last) return undefined;
  const notes = (last.responses as { name: string; value: string | number; objection?: string }[])
    .filter((r) => r.objection || isObjection(last.method, r.value))
    .map((r) => `${r.name} (${r.value})${r.objection ? `: ${oneLine(r.objection)}` : ''}`);
  const reopened = c.reopenings?.filter((r) => Date.parse(r.at) >= Date.parse(last.at)).at(-1);
  return `${last.outcome === 'agreed' ? 'Agreed' : 'Not agreed'} by ${last.method === 'thumbs' ? 'thumbs' : 'fist of five'} on ${isoDay(last.at)}`
    + ` (${last.participants.length} taking part${notes.length ? `; ${notes.join('; ')}` : ''})`
    + `${reopened ? `; reopened on ${isoDay(reopened.at)} by ${reopened.by}` : ''}`;
}

/** The date part of an ISO timestamp. */
function isoDay(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** "2026-03-01 10:00 UTC" from an ISO timestamp (any offset). */
export function utcMinute(timestamp: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return timestamp;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A card's text on one line (newlines and runs of space collapsed). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain-text details of a card's structured fields, e.g. "22 → 45 % of accounts by 2026-09-30 (increase)". */
export function cardDetails(card: Card): string[] {
  const out: string[] = [];
  switch (card.column) {
    case 'goal':
      if (card.metric) out.push(`Metric: ${card.metric}`);
      break;
    case 'behaviour':
      if (card.actor) out.push(`Actor: ${card.actor}`);
      if (card.current || card.desired) out.push(`${card.current ?? '?'} → ${card.desired ?? '?'}`);
      break;
    case 'indicator': {
      const unit = card.unit ? ` ${card.unit}` : '';
      const base = card.baselineValue !== undefined ? num(card.baselineValue) : '?';
      const target = card.targetValue !== undefined ? num(card.targetValue) : '?';
      if (card.baselineValue !== undefined || card.targetValue !== undefined) {
        out.push(`${base} → ${target}${unit}${card.targetBy ? ` by ${card.targetBy}` : ''}${card.direction ? ` (${card.direction})` : ''}`);
      }
      break;
    }
    case 'initiative': {
      const tags = [card.initiativeType, card.function, card.confidence && `confidence ${card.confidence}`, card.evidence && `evidence: ${card.evidence}`].filter(Boolean);
      if (tags.length) out.push(tags.join(' · '));
      break;
    }
    default:
  }
  return out;
}

export function num(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Card texts of a list joined for one cell. */
export function joinTexts(cards: readonly Card[], separator = ' | '): string {
  return cards.map((c) => `${oneLine(c.text)}${fromPortfolio(c)}`).join(separator);
}

/**
 * What every export adds after the text of a goal or segment mirrored from
 * the board's portfolio (issue 15): it is the portfolio's, not the board's own.
 */
export function fromPortfolio(card: Pick<Card, 'portfolio'>): string {
  return card.portfolio ? ' (from the portfolio)' : '';
}

/** The portfolio line of an export's header, for a board in a portfolio. */
export function portfolioLine(view: BoardView): string | undefined {
  const portfolio = view.snapshot.board.portfolio;
  return portfolio ? `Portfolio: ${portfolio.title} (goals and segments marked “from the portfolio” are the portfolio's, read only on this board)` : undefined;
}

export { chainCells, chainTable, type ChainCell } from '../../shared/vcpTable.ts';

/** The file name stem for a board: a slug of its title. */
export function slug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'board';
}

/** The consent round a consent decision was taken in: the commitment's record of the same time and method. */
export function consentRoundOf(d: Extract<DecisionEntry, { kind: 'consent' }>, commitments: readonly Commitment[]): ConsentRecord | undefined {
  return commitments.find((c) => c.id === d.commitment)?.consents?.find((r) => r.at === d.at && r.method === d.method);
}

/** One entry per objection ("Objection from Lea (down): too late") and per remark of someone who did not object. */
export function consentVoices(round: ConsentRecord): { kind: 'Objection' | 'Remark'; name: string; value: string; text?: string }[] {
  const responses = round.responses as { name: string; value: string | number; objection?: string }[];
  return responses
    .filter((r) => isObjection(round.method, r.value) || r.objection?.trim())
    .map((r) => ({
      kind: isObjection(round.method, r.value) ? 'Objection' as const : 'Remark' as const,
      name: r.name, value: String(r.value), ...(r.objection?.trim() ? { text: oneLine(r.objection) } : {}),
    }));
}

/** A consent voice as plain text: "Objection from Lea (down): too late". */
export function consentVoiceText(v: ReturnType<typeof consentVoices>[number]): string {
  return `${v.kind} from ${v.name} (${v.value})${v.text ? `: ${v.text}` : ''}`;
}

/** A comment thread as the review section of an export shows it: on which card, its state, and its comments. */
export interface ThreadView {
  card: string;
  column: string;
  /** "open", or "resolved by Ana on 2026-03-10 15:00 UTC". */
  state: string;
  comments: { by: string; at: string; text: string; mentions: string[] }[];
}

/** The review's comment threads, oldest first, with the card they are on (threads on cards no longer on the board left out). */
export function threadViews(threads: readonly CommentThread[], cards: readonly Card[]): ThreadView[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const comment = (c: CardComment) => ({ by: c.author ?? 'Anonymous', at: utcMinute(c.at), text: c.deleted ? '(deleted)' : c.text, mentions: [...c.mentions] });
  return threads.flatMap((t) => {
    const card = byId.get(t.card);
    if (!card) return [];
    const state = t.resolved ? `resolved${t.resolvedBy ? ` by ${t.resolvedBy}` : ''}${t.resolvedAt ? ` on ${utcMinute(t.resolvedAt)}` : ''}` : 'open';
    return [{ card: oneLine(card.text), column: columnTitle(card.column), state, comments: [comment(t.root), ...t.replies.map(comment)] }];
  });
}
