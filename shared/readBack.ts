/**
 * Read-back, pure: each agreed commitment narrated along its chain in a few
 * plain sentences, for the room to hear what it committed to (the projector
 * shows them one commitment at a time):
 *
 *   We believe that if <behaviour>, it brings <segment> the value ‘<value>’,
 *   which moves <goal metric> toward the goal ‘<goal>’. We will know by
 *   <indicator> falling from 19 to 7 days by 30 June 2026. <Owner> owns
 *   ‘<commitment>’, with <contributors>, due <date>. We also believe that
 *   <assumption of each link on the chain>; …
 *
 * Card texts are not rewritten beyond a lower-case first letter mid-sentence
 * (never for acronyms): goals and values are quoted, the team's own link
 * assumptions are used as they wrote them ("We believe" taken off the front).
 * Missing parts get plain words ("no business goal yet") rather than gaps.
 */
import { goalTracer } from './derive.ts';
import { CONSENTED } from './commitments.ts';
import { COLUMN_IDS, type BoardSnapshot, type Card, type ColumnId, type Commitment } from './model.ts';
import { excerpt } from './text.ts';

/**
 * Closing full stops, Latin and ideographic. The "。" is written escaped: one
 * character outside ASCII anywhere in a module makes V8 hold that module's
 * whole source as two-byte text, twice its size in the server's memory
 * (tests/integration/serverBundle.test.ts).
 */
const CLOSING_STOPS = /[.\u3002]+$/u;
const CLOSING_STOPS_OR_BANG = /[.\u3002!]+$/u;

interface ReadBack {
  commitment: string;
  /** The whole read-back: the sentences below, in order, joined by spaces. */
  sentence: string;
  /** Each sentence on its own, for a projector that sets them apart (`assumptions` is empty when no link states one). */
  sentences: Record<'belief' | 'evidence' | 'ownership' | 'assumptions', string>;
  /** The parts of the chain, for short facts beside the sentences (`movement`: of the first indicator). */
  parts: Record<'segment' | 'behaviour' | 'indicator' | 'movement' | 'value' | 'goal' | 'owner' | 'initiative' | 'due', string>;
}

type Snapshot = Pick<BoardSnapshot, 'cards' | 'links'>;

/** One read-back per consented commitment (agreed, in progress or done), in commitment order. */
export function readBackAll(snapshot: Pick<BoardSnapshot, 'cards' | 'links' | 'commitments'>): ReadBack[] {
  const trace = goalTracer(snapshot.cards, snapshot.links);
  return snapshot.commitments.filter((c) => CONSENTED.includes(c.status)).map((c) => readBack(c, snapshot, trace));
}

/**
 * The read-back of one commitment (any status). `trace` (from `goalTracer`)
 * saves rebuilding the link graph when narrating many.
 */
export function readBack(c: Commitment, snapshot: Snapshot, trace: (cardId: string) => string[] = goalTracer(snapshot.cards, snapshot.links)): ReadBack {
  const byId = new Map(snapshot.cards.map((card) => [card.id, card]));
  const initiative = byId.get(c.card);
  const indicators = c.indicators.map((id) => byId.get(id)).filter((card): card is Card => card?.column === 'indicator');
  // The chain runs through the success indicators; without any, through the initiative's links.
  const starts = indicators.length ? indicators.map((i) => i.id) : [c.card];
  const onTrace = new Set(starts.flatMap((id) => trace(id)));
  const inColumn = (column: ColumnId) => snapshot.cards.filter((card) => card.column === column && onTrace.has(card.id));

  const behaviours = unique(inColumn('behaviour').map((card) => text(card, true)));
  const segments = unique(inColumn('segment').map((card) => text(card, true)));
  const values = unique(inColumn('value').map((card) => text(card, false)));
  const goals = inColumn('goal');
  const indicatorCards = indicators.length ? indicators : inColumn('indicator');

  const behaviour = list(behaviours) || 'our customers change how they work';
  const segment = list(segments) || 'our customers';
  const value = values.length ? `the ${values.length === 1 ? 'value' : 'values'} ${list(values.map(quote))}` : 'more value';
  const belief = `We believe that if ${behaviour}, it brings ${segment} ${value}, which moves ${goalPhrase(goals)}.`;

  const shown = indicatorCards.slice(0, 2).map((card) => `${text(card, true)}${movementOf(card) ? ` ${movementOf(card)}` : ''}`);
  const more = indicatorCards.length - shown.length;
  const evidence = shown.length
    ? `We will know by ${list(more > 0 ? [...shown, `${more} more ${more === 1 ? 'indicator' : 'indicators'}`] : shown)}.`
    : 'We have not chosen a success indicator to know by yet.';

  const title = c.title.trim() || (initiative ? text(initiative, false) : '');
  const owner = c.owner.trim();
  const contributors = unique((c.contributors ?? []).map((name) => name.trim()).filter(Boolean));
  const due = c.due ? humanDate(c.due) : '';
  const ownership = `${owner ? `${owner} owns` : 'Nobody owns'} ${quote(title || 'this commitment')}${owner ? '' : ' yet'}`
    + `${contributors.length ? `, with ${list(contributors)}` : ''}${due ? `, due ${due}` : ', with no due date yet'}.`;

  const assumptions = assumptionsOf(new Set([c.card, ...starts, ...onTrace]), snapshot);
  const assumptionSentence = assumptions.length === 0 ? ''
    : assumptions.length === 1 ? `We also believe that ${assumptions[0]}.`
      : `We also believe that ${assumptions.slice(0, -1).join('; that ')}; and that ${assumptions[assumptions.length - 1]}.`;

  const sentences = { belief, evidence, ownership, assumptions: assumptionSentence };
  return {
    commitment: c.id,
    sentence: [belief, evidence, ownership, assumptionSentence].filter(Boolean).join(' '),
    sentences,
    parts: {
      segment, behaviour, value: list(values) || 'customer value', goal: list(goals.map((g) => text(g, false))) || 'no business goal yet',
      indicator: indicatorCards[0] ? text(indicatorCards[0], false) : 'an indicator not chosen yet',
      movement: indicatorCards[0] ? movementOf(indicatorCards[0]) : '',
      owner: owner || 'nobody yet', initiative: initiative ? text(initiative, false) : c.title, due: due || 'no due date yet',
    },
  };
}

/** "net revenue retention (NRR) toward the goal ‘Grow …’ and us toward the goal ‘…’". */
function goalPhrase(goals: readonly Card[]): string {
  if (goals.length === 0) return 'us toward no business goal yet';
  const metrics = goals.map((g) => (g.metric ? metricName(g.metric) : ''));
  if (metrics.every((m) => !m)) return `us toward the ${goals.length === 1 ? 'goal' : 'goals'} ${list(goals.map((g) => quote(text(g, false))))}`;
  return list(goals.map((g, i) => `${metrics[i] || 'us'} toward the goal ${quote(text(g, false))}`));
}

/** A goal's metric as a name mid-sentence: up to its first comma ("Net revenue retention (NRR), trailing 12 months" → "net revenue retention (NRR)"). */
function metricName(metric: string): string {
  return lowerFirst(metric.split(/,\s/)[0]!.trim().replace(CLOSING_STOPS, ''));
}

/** "falling from 19 to 7 days by 30 June 2026", with what is known of the indicator and what is not yet. */
function movementOf(card: Card): string {
  const base = card.baselineValue;
  const target = card.targetValue;
  const unit = (card.unit ?? '').trim();
  // "% of accounts": the sign goes with each number ("22% to 45% of accounts").
  const percent = unit.startsWith('%');
  const amount = (n: number) => `${fmt(n)}${percent ? '%' : ''}`;
  const rest = percent ? unit.slice(1).trim() : unit;
  const withUnit = (s: string) => (rest ? `${s} ${rest}` : s);
  const missing = [base === undefined ? 'baseline' : '', target === undefined ? 'target' : card.targetBy ? '' : 'target date'].filter(Boolean);
  const note = missing.length ? ` (no ${missing.join(' or ')} yet)` : '';
  const by = card.targetBy ? ` by ${humanDate(card.targetBy)}` : '';
  let move: string;
  if (base !== undefined && target !== undefined) {
    move = withUnit(target === base ? `holding at ${amount(target)}` : `${target < base ? 'falling' : 'rising'} from ${amount(base)} to ${amount(target)}`);
  } else if (target !== undefined) move = withUnit(`reaching ${amount(target)}`);
  else if (base !== undefined) move = withUnit(`moving from ${amount(base)}`);
  else move = card.targetBy ? 'moving' : '';
  return `${move}${by}${note}`.trim();
}

const COLUMN_RANK = new Map<ColumnId, number>([...COLUMN_IDS].reverse().map((id, i) => [id, i]));

/** The assumptions of the links along the chain, from the work toward the goal, each once, as clauses. */
function assumptionsOf(chain: ReadonlySet<string>, snapshot: Snapshot): string[] {
  const columnOf = new Map(snapshot.cards.map((card) => [card.id, card.column]));
  const place = new Map(snapshot.cards.map((card, i) => [card.id, i]));
  const rank = (id: string) => COLUMN_RANK.get(columnOf.get(id)!) ?? 0;
  // From the work toward the goal; within a step, in board order (as the sentence names them).
  const links = snapshot.links
    .filter((link) => chain.has(link.from) && chain.has(link.to) && link.assumption?.trim())
    .sort((a, b) => rank(a.from) - rank(b.from) || place.get(a.from)! - place.get(b.from)! || place.get(a.to)! - place.get(b.to)!);
  return unique(links.map((link) => clause(link.assumption!)).filter(Boolean));
}

/** "We believe that X." → "x": the team's words, ready to follow "that". */
function clause(assumption: string): string {
  const line = assumption.replace(/\s+/g, ' ').trim().replace(/^we\s+believe\s+(?:that\s+)?/i, '').replace(CLOSING_STOPS_OR_BANG, '').trim();
  return lowerFirst(line);
}

function fmt(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.filter(Boolean))];
}

function quote(s: string): string {
  return `‘${s}’`;
}

/** "A", "A and B", "A, B and C", "A, B, C and 2 more". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > 4) return `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Lower-cases a leading capital unless it starts an acronym ("NPS", "CS-led"). */
function lowerFirst(line: string): string {
  return /^\p{Lu}\p{Ll}/u.test(line) ? line[0]!.toLowerCase() + line.slice(1) : line;
}

/** A card's first line without a closing full stop, shortened; lower-cased first letter mid-sentence if asked. */
function text(card: Card, lower: boolean): string {
  const line = excerpt(excerpt(card.text, Infinity, { lines: 'first' }).replace(CLOSING_STOPS, ''), 140, { lines: 'keep' });
  return lower ? lowerFirst(line) : line;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-06-30" → "30 June 2026" (fixed English, so the sentence does not depend on the machine's locale). */
export function humanDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}
