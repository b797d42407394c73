/**
 * Read-back, pure: each agreed commitment narrated as one sentence along its
 * chain, for the room to hear what it committed to (the projector shows them
 * one at a time):
 *
 *   We believe <segment> will <behaviour>, shown by <indicator> moving
 *   <baseline> → <target> by <date>, creating <value> toward <goal>;
 *   <owner> owns <initiative> by <due>.
 *
 * Missing parts get plain words ("no goal yet") rather than gaps.
 */
import { goalTracer } from './traceCheck.ts';
import { CONSENTED } from './commitments.ts';
import type { BoardSnapshot, Card, ColumnId, Commitment } from './model.ts';

export interface ReadBack {
  commitment: string;
  sentence: string;
  /** The sentence's parts, for a projector that sets them apart (`movement`: of the first indicator). */
  parts: Record<'segment' | 'behaviour' | 'indicator' | 'movement' | 'value' | 'goal' | 'owner' | 'initiative' | 'due', string>;
}

type Snapshot = Pick<BoardSnapshot, 'cards' | 'links'>;

/** One read-back per consented commitment (agreed, in progress or done), in commitment order. */
export function readBackAll(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>): ReadBack[] {
  const trace = goalTracer(snapshot.cards, snapshot.links);
  return snapshot.commitments.filter((c) => CONSENTED.includes(c.status)).map((c) => readBack(c, snapshot, trace));
}

/**
 * The read-back sentence of one commitment (any status). `trace` (from
 * `goalTracer`) saves rebuilding the link graph when narrating many.
 */
export function readBack(c: Commitment, snapshot: Snapshot, trace: (cardId: string) => string[] = goalTracer(snapshot.cards, snapshot.links)): ReadBack {
  const byId = new Map(snapshot.cards.map((card) => [card.id, card]));
  const initiative = byId.get(c.card);
  const indicators = c.indicators.map((id) => byId.get(id)).filter((card): card is Card => card?.column === 'indicator');
  // The chain runs through the success indicators; without any, through the initiative's links.
  const starts = indicators.length ? indicators.map((i) => i.id) : [c.card];
  const onTrace = new Set(starts.flatMap((id) => trace(id)));
  const inColumn = (column: ColumnId) => snapshot.cards.filter((card) => card.column === column && onTrace.has(card.id));

  const segment = names(inColumn('segment'), false) || 'our customers';
  const behaviour = names(inColumn('behaviour'), true) || 'change how they work';
  const indicatorCards = indicators.length ? indicators : inColumn('indicator');
  const indicator = names(indicatorCards, false) || 'an indicator not chosen yet';
  // Each indicator with its own movement: "A moving 1 → 2 by …, and B moving 3 → 4 by …".
  const shown = indicatorCards.slice(0, 2).map((card) => [text(card, false), movementOf(card)] as const);
  const movement = shown[0]?.[1] ?? '';
  let shownBy = shown.map(([name, move]) => (move ? `${name} ${move}` : name)).join(' and ');
  if (indicatorCards.length > 2) shownBy += ` and ${indicatorCards.length - 2} more`;
  const value = names(inColumn('value'), true) || 'customer value';
  const goal = names(inColumn('goal'), true) || 'no business goal yet';
  const owner = c.owner.trim() || 'nobody yet';
  const initiativeName = initiative ? text(initiative, false) : c.title;
  const due = c.due ? humanDate(c.due) : 'no due date yet';

  const sentence = `We believe ${segment} will ${behaviour}, shown by ${shownBy || indicator}, `
    + `creating ${value} toward ${goal}; ${owner} owns ${initiativeName || c.title}${c.due ? ` by ${due}` : `, with ${due}`}.`;
  return { commitment: c.id, sentence, parts: { segment, behaviour, indicator, movement, value, goal, owner, initiative: initiativeName, due } };
}

/** "moving 22 → 45 % of accounts by 30 September 2026", with what is known. */
function movementOf(card: Card): string {
  const unit = card.unit ? ` ${card.unit}` : '';
  const base = card.baselineValue;
  const target = card.targetValue;
  if (base === undefined && target === undefined) return card.targetBy ? `moving by ${humanDate(card.targetBy)}` : '';
  const out = target === undefined
    ? `moving from ${fmt(base!)}${unit} (no target yet)`
    : base === undefined ? `moving to ${fmt(target)}${unit}` : `moving ${fmt(base)} → ${fmt(target)}${unit}`;
  return card.targetBy ? `${out} by ${humanDate(card.targetBy)}` : out;
}

function fmt(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Card texts joined for a sentence: "A", "A and B", "A, B and 2 more". */
function names(cards: readonly Card[], lowerFirst: boolean): string {
  const texts = [...new Set(cards.map((c) => text(c, lowerFirst)).filter(Boolean))];
  if (texts.length <= 2) return texts.join(' and ');
  return `${texts[0]}, ${texts[1]} and ${texts.length - 2} more`;
}

/** A card's first line without a closing full stop; lower-cased first letter mid-sentence unless it starts an acronym. */
function text(card: Card, lowerFirst: boolean): string {
  let line = card.text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  line = line.replace(/[.。]+$/u, '');
  const chars = Array.from(line);
  if (chars.length > 140) line = `${chars.slice(0, 139).join('').trimEnd()}…`;
  if (lowerFirst && /^\p{Lu}\p{Ll}/u.test(line)) line = line[0]!.toLowerCase() + line.slice(1);
  return line;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-06-30" → "30 June 2026" (fixed English, so the sentence does not depend on the machine's locale). */
export function humanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}
