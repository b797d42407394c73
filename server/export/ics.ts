/**
 * The ICS export (RFC 5545): an all-day event for each agreed commitment's due
 * date and checkpoint, and one for the next review. UIDs are stable
 * (`<commitmentId>-due@vcp-board`), so re-importing an updated export updates
 * the events instead of duplicating them. Escaping and line folding are
 * ical-generator's.
 */
import ical from 'ical-generator';
import { CONSENTED } from '../../shared/commitments.ts';
import { boardView, joinTexts, oneLine } from './view.ts';
import type { ExportInput } from './types.ts';

const UID_DOMAIN = 'vcp-board';

/** RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks. */
function escapeIcsText(text: string): string {
  return text.replace(/[\\;,]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n/g, '\\n');
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function nextDay(iso: string): Date {
  return new Date(day(iso).getTime() + 86_400_000);
}

/**
 * The calendar as text. Commitments the room consented to (agreed, in progress,
 * done) get events; proposed and dropped ones are no commitments to keep.
 */
export function exportIcs(input: ExportInput): string {
  const view = boardView(input);
  const { board } = view.snapshot;
  const stamp = new Date(input.exportedAt);
  // ical-generator escapes event texts but writes the calendar name as given: escape it here (RFC 5545 3.3.11).
  const cal = ical({ name: escapeIcsText(`${oneLine(board.title)} — commitments`), prodId: { company: 'vcp-board', product: 'Product VCP board', language: 'EN' } });
  const event = (uid: string, date: string, summary: string, description: string) => {
    cal.createEvent({ id: `${uid}@${UID_DOMAIN}`, start: day(date), end: nextDay(date), allDay: true, stamp, summary, description });
  };
  for (const { commitment: c, indicators, trace } of view.commitments) {
    if (!CONSENTED.includes(c.status)) continue;
    const description = [
      `Commitment: ${c.title}`,
      `Owner: ${c.owner}${c.contributors.length ? ` (with ${c.contributors.join(', ')})` : ''}`,
      indicators.length ? `Success indicators: ${joinTexts(indicators, '; ')}` : '',
      trace.goal.length ? `Goals: ${joinTexts(trace.goal, '; ')}` : '',
      c.definitionOfDone ? `Definition of done: ${c.definitionOfDone}` : '',
      `Status: ${c.status}`,
      `Board: ${board.title}`,
    ].filter(Boolean).join('\n');
    if (c.due) event(`${c.id}-due`, c.due, `Due: ${oneLine(c.title)} (${oneLine(c.owner)})`, description);
    if (c.checkpoint) event(`${c.id}-checkpoint`, c.checkpoint, `Checkpoint: ${oneLine(c.title)} (${oneLine(c.owner)})`, description);
  }
  if (board.nextReview) {
    event(`${input.boardId}-review`, board.nextReview, `Commitment review: ${oneLine(board.title)}`,
      `Review of the commitments agreed on the board "${board.title}".`);
  }
  return cal.toString();
}
