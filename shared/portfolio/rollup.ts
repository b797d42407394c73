/**
 * The portfolio roll-up: for each of the portfolio's goals and segments,
 * which member boards, which functions and which agreed commitments reach it
 * (an initiative's trace: initiative → indicator → behaviour → value →
 * segment → goal, following links over active cards), the gaps, the
 * overlaps between boards and the review cadence. Pure: the server gathers
 * the snapshots, the exports and the roll-up page render what this returns.
 */
import { CONSENTED } from '../commitments.ts';
import { INITIATIVE_FUNCTIONS, type Card, type Commitment } from '../model.ts';
import { excerpt } from '../text.ts';
import { findOverlaps, type SegmentCard } from './overlaps.ts';
import { cadenceRow, latestCheckIns, missingCheckIns } from './rollupCadence.ts';
import { boardGraph, portfolioTargets, type BoardGraph } from './rollupGraph.ts';
import type {
  BoardGapReason, BoardReach, CadenceRow, InitiativeFunction, InitiativeReach, Rollup, RollupBoard, RollupBoardInput, RollupCard, RollupCommitment, RollupGap,
  RollupIndicator, RollupInput, RollupTarget,
} from './rollupModel.ts';

/** Card texts in the roll-up are cut here: it is an overview, the boards hold the whole text. */
const TEXT_MAX = 300;

const cardRef = (c: Card): RollupCard => ({ id: c.id, text: excerpt(c.text, TEXT_MAX) });

/** Functions in the fixed order of INITIATIVE_FUNCTIONS. */
export function sortFunctions(functions: Iterable<InitiativeFunction>): InitiativeFunction[] {
  const set = new Set(functions);
  return INITIATIVE_FUNCTIONS.filter((f) => set.has(f));
}

/** Derives the roll-up of a portfolio from its snapshot and its member boards'. */
export function deriveRollup(input: RollupInput): Rollup {
  const targets = portfolioTargets(input.portfolio.snapshot);
  const goalIds = new Set(targets.goals.map((c) => c.id));
  const segmentIds = new Set(targets.segments.map((c) => c.id));
  const reaches: InitiativeReach[] = [];
  const commitments: RollupCommitment[] = [];
  const boards: RollupBoard[] = [];
  const gaps: RollupGap[] = [];
  const segmentCards: SegmentCard[] = [];
  const cadence: CadenceRow[] = [];

  for (const board of input.boards) {
    const graph = boardGraph(board.snapshot, targets);
    const ofBoard = boardCommitments(board, graph, goalIds, segmentIds, input.today);
    const initiatives = graph.own.filter((c) => c.column === 'initiative');
    const boardReaches = initiatives.map((c): InitiativeReach => {
      const reached = graph.reachOf(c.id);
      return {
        board: board.id,
        initiative: cardRef(c),
        ...(c.function ? { function: c.function } : {}),
        goals: targets.goals.filter((g) => reached.has(g.id)).map((g) => g.id),
        segments: targets.segments.filter((s) => reached.has(s.id)).map((s) => s.id),
        commitments: ofBoard.filter((k) => k.initiative.id === c.id).map((k) => k.id),
      };
    });
    reaches.push(...boardReaches);
    commitments.push(...ofBoard);
    const reachesGoal = boardReaches.some((r) => r.goals.length > 0);
    boards.push({
      id: board.id, title: board.title, functions: sortFunctions(boardReaches.flatMap((r) => (r.function ? [r.function] : []))),
      initiatives: initiatives.length, commitments: ofBoard.length, reachesGoal,
    });
    if (!reachesGoal) gaps.push({ kind: 'board', board: board.id, title: board.title, reason: boardGapReason(initiatives, graph) });
    for (const card of graph.own) {
      if (card.column !== 'behaviour' && card.column !== 'indicator') continue;
      const reached = graph.reachOf(card.id);
      const segments = new Set([...reached].filter((id) => segmentIds.has(id)));
      if (segments.size) segmentCards.push({ board: board.id, boardTitle: board.title, card, segments });
    }
    cadence.push(cadenceRow(board, ofBoard, input.today));
  }

  const titles = new Map(input.boards.map((b) => [b.id, b.title]));
  const goals = targets.goals.map((g) => aggregateTarget(g, 'goal', reaches, titles));
  const segments = targets.segments.map((s) => aggregateTarget(s, 'segment', reaches, titles));
  const targetGaps: RollupGap[] = [...goals, ...segments].filter((t) => t.gap).map((t) => ({ kind: t.column, id: t.id, text: t.text }));
  return {
    format: 'product-vcp-rollup',
    portfolio: { id: input.portfolio.id, title: input.portfolio.snapshot.board.title },
    today: input.today,
    goals,
    segments,
    boards,
    reaches,
    commitments,
    gaps: [...targetGaps, ...gaps],
    overlaps: findOverlaps(segmentCards, segments.map((s) => ({ id: s.id, text: s.text })), (t) => excerpt(t, TEXT_MAX)),
    cadence,
  };
}

/** Why no initiative of a board reaches a portfolio goal. */
function boardGapReason(initiatives: readonly Card[], graph: BoardGraph): BoardGapReason {
  if (initiatives.length === 0) return 'no-initiatives';
  const local = initiatives.some((c) => [...graph.reachOf(c.id)].some((id) => graph.localGoals.has(id)));
  return local ? 'local-goals-only' : 'not-linked';
}

/** A board's agreed commitments (agreed, in progress, done) with their trace, indicators and latest check-in. */
function boardCommitments(
  board: RollupBoardInput, graph: BoardGraph, goalIds: ReadonlySet<string>, segmentIds: ReadonlySet<string>, today: string,
): RollupCommitment[] {
  const byId = new Map(board.snapshot.cards.map((c) => [c.id, c]));
  const agreed = board.snapshot.commitments.filter((c) => CONSENTED.includes(c.status));
  const latest = latestCheckIns(board.checkIns);
  const missing = missingCheckIns(board, agreed, today);
  return agreed.flatMap((c: Commitment): RollupCommitment[] => {
    const card = byId.get(c.card);
    if (!card) return [];
    const reached = card.status === 'active' ? graph.reachOf(card.id) : new Set<string>();
    const check = latest.get(c.id);
    return [{
      id: c.id,
      board: board.id,
      title: excerpt(c.title, TEXT_MAX),
      owner: c.owner,
      ...(c.due ? { due: c.due } : {}),
      status: c.status,
      initiative: cardRef(card),
      ...(card.function ? { function: card.function } : {}),
      indicators: c.indicators.flatMap((id) => {
        const ind = byId.get(id);
        return ind ? [indicatorRef(ind)] : [];
      }),
      ...(check ? { latestCheckIn: { ...check, note: excerpt(check.note, TEXT_MAX) } } : {}),
      overdue: c.due !== undefined && c.due < today && c.status !== 'done',
      checkInMissing: missing.has(c.id),
      goals: [...goalIds].filter((id) => reached.has(id)),
      segments: [...segmentIds].filter((id) => reached.has(id)),
    }];
  });
}

function indicatorRef(card: Card): RollupIndicator {
  return {
    ...cardRef(card),
    ...(card.unit ? { unit: card.unit } : {}),
    ...(card.baselineValue !== undefined ? { baselineValue: card.baselineValue } : {}),
    ...(card.targetValue !== undefined ? { targetValue: card.targetValue } : {}),
    ...(card.targetBy ? { targetBy: card.targetBy } : {}),
  };
}

/**
 * A goal or segment with the boards whose initiatives reach it (in the
 * boards' order), their functions and agreed commitments. Used again on
 * filtered initiatives (rollupFilter.ts).
 */
export function aggregateTarget(card: RollupCard & { metric?: string }, column: 'goal' | 'segment', reaches: readonly InitiativeReach[], titles: ReadonlyMap<string, string>): RollupTarget {
  const mine = reaches.filter((r) => (column === 'goal' ? r.goals : r.segments).includes(card.id));
  const boards: BoardReach[] = [];
  for (const [board, title] of titles) {
    const ofBoard = mine.filter((r) => r.board === board);
    if (ofBoard.length === 0) continue;
    boards.push({
      board, title,
      functions: sortFunctions(ofBoard.flatMap((r) => (r.function ? [r.function] : []))),
      unassignedFunction: ofBoard.some((r) => !r.function),
      initiatives: ofBoard.map((r) => r.initiative),
      commitments: ofBoard.flatMap((r) => r.commitments),
    });
  }
  const commitments = boards.flatMap((b) => b.commitments);
  return {
    id: card.id,
    text: excerpt(card.text, TEXT_MAX),
    column,
    ...(card.metric ? { metric: card.metric } : {}),
    boards,
    functions: sortFunctions(boards.flatMap((b) => b.functions)),
    commitments,
    gap: boards.length === 0,
    uncommitted: boards.length > 0 && commitments.length === 0,
  };
}
