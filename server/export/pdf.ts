/**
 * The PDF export, drawn with pdfkit: A4 landscape, page one the whole VCP as
 * one table (chain rows, columns in the board's direction; a card's chain is
 * spelled out once, where it first appears; the font shrinks down to 5.5 pt,
 * then the cards' details give way, to keep it on one page, and only a very
 * large board spills onto more),
 * then the commitments, read-back, open findings and decision log, with page
 * numbers. Same content as the HTML export.
 */
import type { Card, ColumnId } from '../../shared/model.ts';
import type { CommentThread } from '../../shared/review/model.ts';
import { isLaterDecision, laterLine } from '../../shared/decisionText.ts';
import { removalSummary } from '../../shared/removal.ts';
import { excerpt, type ExcerptOptions } from '../../shared/text.ts';
import {
  boardView, cardDetails, fromPortfolio, chainCells, chainTable, columnTitle, consentRoundOf, consentVoices, consentVoiceText, oneLine, threadViews, utcMinute, type BoardView, type ChainCell,
} from './view.ts';
import { openPdf } from './pdfFont.ts';
import type { ExportInput } from './types.ts';

/** Texts whose line breaks the page keeps (shortened as they are). */
const KEEP: ExcerptOptions = { lines: 'keep' };

const PAGE = { width: 841.89, height: 595.28, margin: 28 };
const CONTENT_W = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 14; // room for the page number
const PAD = 3;
const INK = '#1d2330';
const MUTED = '#4a5568';
const LINE = '#b8c0cc';

type Doc = PDFKit.PDFDocument;

/** Renders the board as a PDF. Pure but for the bytes' timing: same input, same pages. */
export async function exportPdf(input: ExportInput): Promise<Uint8Array> {
  const view = boardView(input);
  const { doc, t, finish } = openPdf({ title: `${view.snapshot.board.title} — Product VCP`, exportedAt: input.exportedAt, margin: PAGE.margin });

  vcpPages(doc, view, t);
  doc.addPage();
  commitmentPages(doc, view, t, input.comments ?? []);
  pageNumbers(doc, view, t);
  return finish();
}


function header(doc: Doc, view: BoardView, title: string, t: (s: string) => string): number {
  const { board } = view.snapshot;
  const input = view.input;
  doc.font('bold').fontSize(15).fillColor(INK).text(t(excerpt(title, 110)), PAGE.margin, PAGE.margin, { width: CONTENT_W, lineBreak: false, ellipsis: true });
  const meta = [
    'Product Value Creation Plan',
    `exported ${utcMinute(input.exportedAt)}`,
    `facilitator: ${input.facilitator ?? '—'}`,
    `attendees: ${input.attendees?.length ? input.attendees.join(', ') : '—'}`,
    `next review: ${board.nextReview ?? '—'}`,
    ...(board.portfolio ? [`portfolio: ${board.portfolio.title} (its goals and segments marked “From the portfolio”)`] : []),
  ].join(' · ');
  doc.font('body').fontSize(7.5).fillColor(MUTED).text(t(excerpt(meta, 400, KEEP)), PAGE.margin, PAGE.margin + 20, { width: CONTENT_W });
  const y = doc.y + 3;
  doc.moveTo(PAGE.margin, y).lineTo(PAGE.width - PAGE.margin, y).lineWidth(1.2).strokeColor(INK).stroke();
  return y + 6;
}

// ---------------------------------------------------------------- page one: the VCP table

interface CellBlock {
  text: string;
  details: string[];
  badge?: string;
}

/** What a cell says under a card whose chain toward the work is spelled out higher up the table. */
const CONTINUED_NOTE = '↑ its chain continues as above';

function cellBlock(card: Card, view: BoardView, t: (s: string) => string, look: { compact: boolean; continued: boolean }): CellBlock {
  const commitment = view.commitments.find((c) => c.commitment.card === card.id && c.commitment.status !== 'dropped')?.commitment;
  return {
    text: t(excerpt(card.text, 280)) || '(empty card)',
    details: [
      ...(card.portfolio ? [t('From the portfolio')] : []),
      ...(look.compact ? [] : cardDetails(card).map((d) => t(excerpt(d, 160)))), ...(look.continued ? [t(CONTINUED_NOTE)] : []),
    ],
    ...(commitment ? { badge: t(`Commitment (${commitment.status}): ${excerpt(commitment.owner || 'no owner yet', 60)}${commitment.due ? `, due ${commitment.due}` : ''}`) } : {}),
  };
}

function blockHeight(doc: Doc, block: CellBlock, width: number, fs: number): number {
  let hgt = PAD * 2;
  doc.font('body').fontSize(fs);
  hgt += doc.heightOfString(block.text, { width });
  doc.fontSize(fs - 1.5);
  for (const d of block.details) hgt += 1 + doc.heightOfString(d, { width });
  if (block.badge) hgt += 2 + doc.heightOfString(block.badge, { width: width - 4 });
  return hgt;
}

function drawBlock(doc: Doc, block: CellBlock, x: number, y: number, width: number, height: number, fs: number): void {
  const w = width - 2 * PAD;
  doc.font('body').fontSize(fs).fillColor(INK).text(block.text, x + PAD, y + PAD, { width: w, height: height - PAD });
  doc.fontSize(fs - 1.5).fillColor(MUTED);
  for (const d of block.details) {
    doc.text(d, x + PAD, doc.y + 1, { width: w });
  }
  if (block.badge) {
    const by = doc.y + 2;
    const bh = doc.heightOfString(block.badge, { width: w - 4 });
    doc.rect(x + PAD, by - 0.5, w, bh + 1).fillColor('#eaf6ec').fill();
    doc.rect(x + PAD, by - 0.5, 2, bh + 1).fillColor('#1a7f37').fill();
    doc.fillColor('#14532d').text(block.badge, x + PAD + 4, by, { width: w - 4 });
  }
}

/** Row heights of rows [start, end) drawn as one table segment (spans recomputed within it). */
function segmentHeights(cells: ChainCell[][], cellHeight: (cell: ChainCell, col: number, row: number) => number): number[] {
  const heights = cells.map((row, r) => Math.max(10, ...row.map((cell, i) => (cell.rowSpan === 1 ? cellHeight(cell, i, r) : 0))));
  cells.forEach((row, r) => row.forEach((cell, i) => {
    if (cell.rowSpan <= 1) return;
    const need = cellHeight(cell, i, r);
    const have = heights.slice(r, r + cell.rowSpan).reduce((a, b) => a + b, 0);
    if (need > have) heights[r + cell.rowSpan - 1]! += need - have;
  }));
  return heights;
}

function vcpPages(doc: Doc, view: BoardView, t: (s: string) => string): void {
  const top = header(doc, view, view.snapshot.board.title, t);
  const cols: ColumnId[] = view.columns;
  const colW = CONTENT_W / cols.length;
  const { rows, truncated, continued } = chainTable(view.active, view.snapshot.links, undefined, { once: true });
  const headH = 16;
  const drawHead = (y: number) => {
    cols.forEach((c, i) => {
      doc.rect(PAGE.margin + i * colW, y, colW, headH).fillColor(c === 'goal' ? '#0b5394' : INK).fill();
      doc.font('bold').fontSize(8).fillColor('#ffffff').text(t(columnTitle(c)), PAGE.margin + i * colW + PAD, y + 4, { width: colW - 2 * PAD, lineBreak: false });
    });
    return y + headH;
  };
  if (rows.length === 0) {
    const y = drawHead(top);
    doc.font('body').fontSize(9).fillColor(MUTED).text('No cards on the board yet.', PAGE.margin + PAD, y + 6);
    return;
  }
  // A cell's look: the card, its details unless the table is compact, and the note when its chain is above.
  let compact = false;
  const blocks = new Map<string, CellBlock>();
  const blockOf = (card: Card, isContinued: boolean) => {
    const key = `${compact ? 'c' : 'd'}${isContinued ? '+' : ''}/${card.id}`;
    return blocks.get(key) ?? blocks.set(key, cellBlock(card, view, t, { compact, continued: isContinued })).get(key)!;
  };
  const isContinued = (row: number, col: number) => continued.get(rows[row]!) === cols[col];
  const heightCache = new Map<string, number>();
  const measure = (fs: number, start: number) => (cell: ChainCell, col: number, row: number) => {
    if (!cell.card) return 0;
    const more = isContinued(start + row, col);
    const key = `${compact ? 'c' : 'd'}${more ? '+' : ''}${fs}/${cell.card.id}`;
    let hgt = heightCache.get(key);
    if (hgt === undefined) heightCache.set(key, (hgt = blockHeight(doc, blockOf(cell.card, more), colW - 2 * PAD, fs)));
    return hgt;
  };
  const total = (fs: number, start: number, end: number) =>
    segmentHeights(chainCells(rows.slice(start, end), cols), measure(fs, start)).reduce((a, b) => a + b, 0);
  const firstAvail = BOTTOM - top - headH - (truncated ? 12 : 0);
  const fits = (size: number) => total(size, 0, rows.length) <= firstAvail;
  // The largest font at which the whole table fits the first page; then without the cards' details; else paginate at 7 pt.
  let fs = [8, 7, 6.5, 6, 5.5].find(fits);
  if (fs === undefined) {
    compact = true;
    fs = [6.5, 6, 5.5].find(fits);
    if (fs === undefined) compact = false;
  }
  fs ??= 7;

  let start = 0;
  let y = top;
  while (start < rows.length) {
    const avail = BOTTOM - y - headH;
    // Binary search the most rows that fit from `start` (at least one).
    let lo = start + 1;
    let hi = rows.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (total(fs, start, mid) <= avail) lo = mid;
      else hi = mid - 1;
    }
    const end = lo;
    const cells = chainCells(rows.slice(start, end), cols);
    const heights = segmentHeights(cells, measure(fs, start));
    let rowY = drawHead(y);
    cells.forEach((row, r) => {
      row.forEach((cell, i) => {
        if (cell.rowSpan === 0) return;
        const x = PAGE.margin + i * colW;
        const hgt = heights.slice(r, r + cell.rowSpan).reduce((a, b) => a + b, 0);
        if (cols[i] === 'goal') doc.rect(x, rowY, colW, hgt).fillColor('#eef4fb').fill();
        doc.rect(x, rowY, colW, hgt).lineWidth(0.5).strokeColor(LINE).stroke();
        if (cell.card) drawBlock(doc, blockOf(cell.card, isContinued(start + r, i)), x, rowY, colW, hgt, fs);
      });
      rowY += heights[r]!;
    });
    start = end;
    if (start < rows.length) {
      doc.addPage();
      y = PAGE.margin;
    } else if (truncated) {
      doc.font('body').fontSize(7).fillColor(MUTED).text('The board has more chains than fit this table; the Markdown and JSON exports hold all of them.', PAGE.margin, rowY + 3, { width: CONTENT_W });
    }
  }
}

// ---------------------------------------------------------------- commitments

const COMMITMENT_COLS = [
  { title: 'Commitment', width: 0.18 },
  { title: 'Status / consent', width: 0.14 },
  { title: 'Owner', width: 0.12 },
  { title: 'Due', width: 0.09 },
  { title: 'Success indicators', width: 0.15 },
  { title: 'Goals', width: 0.14 },
  { title: 'Definition of done', width: 0.18 },
];

function commitmentPages(doc: Doc, view: BoardView, t: (s: string) => string, comments: readonly CommentThread[]): void {
  let y = header(doc, view, `Commitments — ${view.snapshot.board.title}`, t);
  const fs = 7.5;
  const widths = COMMITMENT_COLS.map((c) => c.width * CONTENT_W);
  const drawHead = (atY: number) => {
    let x = PAGE.margin;
    COMMITMENT_COLS.forEach((c, i) => {
      doc.rect(x, atY, widths[i]!, 15).fillColor(INK).fill();
      doc.font('bold').fontSize(7.5).fillColor('#ffffff').text(c.title, x + PAD, atY + 4, { width: widths[i]! - 2 * PAD, lineBreak: false });
      x += widths[i]!;
    });
    return atY + 15;
  };
  if (view.commitments.length === 0) {
    doc.font('body').fontSize(9).fillColor(MUTED).text('No commitments yet.', PAGE.margin, y + 4);
    y = doc.y + 6;
  } else {
    y = drawHead(y);
    for (const { commitment: c, indicators, trace, consent } of view.commitments) {
      const cells = ([
        [c.title, trace.initiative[0]?.text ?? ''],
        [c.status.toUpperCase(), consent ?? ''],
        [c.owner || 'none', c.contributors.length ? `with ${c.contributors.join(', ')}` : ''],
        [c.due ?? '—', c.checkpoint ? `checkpoint ${c.checkpoint}` : ''],
        [indicators.map((i) => oneLine(i.text)).join('\n') || 'none', ''],
        [trace.goal.map((g) => `${oneLine(g.text)}${fromPortfolio(g)}`).join('\n') || 'orphan: no goal', ''],
        [c.definitionOfDone ?? '', ''],
      ] as [string, string][]).map(([main, sub]): [string, string] => [t(excerpt(main.trim(), 400, KEEP)), t(excerpt(sub, 400))]);
      const heights = cells.map(([main, sub], i) => {
        const w = widths[i]! - 2 * PAD;
        doc.font(i === 0 ? 'bold' : 'body').fontSize(fs);
        let hgt = 2 * PAD + doc.heightOfString(main || ' ', { width: w });
        if (sub) hgt += 1 + doc.fontSize(fs - 1).heightOfString(sub, { width: w });
        return hgt;
      });
      const rowH = Math.max(...heights);
      if (y + rowH > BOTTOM) {
        doc.addPage();
        y = drawHead(PAGE.margin);
      }
      let x = PAGE.margin;
      cells.forEach(([main, sub], i) => {
        const w = widths[i]!;
        doc.rect(x, y, w, rowH).lineWidth(0.5).strokeColor(LINE).stroke();
        doc.font(i === 0 ? 'bold' : 'body').fontSize(fs).fillColor(i === 5 && trace.goal.length === 0 ? '#8a1c1c' : INK)
          .text(main, x + PAD, y + PAD, { width: w - 2 * PAD });
        if (sub) doc.font('body').fontSize(fs - 1).fillColor(MUTED).text(sub, x + PAD, doc.y + 1, { width: w - 2 * PAD });
        x += w;
      });
      y += rowH;
    }
  }
  doc.x = PAGE.margin;
  doc.y = y + 8;
  const section = (title: string, items: string[], color = INK) => {
    if (items.length === 0) return;
    if (doc.y + 30 > BOTTOM) doc.addPage();
    doc.font('bold').fontSize(10).fillColor(INK).text(title, PAGE.margin, doc.y, { width: CONTENT_W });
    doc.moveDown(0.2);
    items.forEach((item, i) => {
      doc.font('body').fontSize(8).fillColor(color).text(`${i + 1}. ${t(item)}`, PAGE.margin + 6, doc.y, { width: CONTENT_W - 6 });
      doc.moveDown(0.25);
    });
    doc.moveDown(0.4);
  };
  section('Read-back', view.commitments.filter((c) => c.readBack).map((c) => excerpt(c.readBack!, 1200, KEEP)));
  const open = view.open.slice(0, 30).map((f) => excerpt(f.message, 300, KEEP));
  if (view.open.length > 30) open.push(`… and ${view.open.length - 30} more`);
  section('Open trace-check findings', open, '#8a1c1c');
  section('Decision log', (view.snapshot.decisions ?? []).map((d) => {
    const when = utcMinute(d.at);
    if (isLaterDecision(d)) return `${when} — ${laterLine(d, (s) => excerpt(s, 600, KEEP))}`;
    if (d.kind === 'override') return `${when} — Override by ${d.by}: ${excerpt(d.reason, 600)} (${d.findings.length} finding${d.findings.length === 1 ? '' : 's'})`;
    if (d.kind === 'reopen') return `${when} — Reopened “${d.title}” by ${d.by}: ${excerpt(d.reason, 600)}`;
    if (d.kind === 'removal') return `${when} — Removed ${excerpt(removalSummary(d), 600, KEEP)} by ${d.by}: ${excerpt(d.reason, 600)}`;
    const round = consentRoundOf(d, view.snapshot.commitments);
    // Every objection in the objector's words (and remarks), as in the Markdown log.
    const voices = round ? consentVoices(round).map((v) => `\n    ${excerpt(consentVoiceText(v), 600, KEEP)}`).join('') : '';
    return `${when} — Consent on “${d.title}”: ${d.outcome === 'agreed' ? 'agreed' : 'not agreed'} (${d.method === 'thumbs' ? 'thumbs' : 'fist of five'}, ${d.participants.length} taking part)${voices}`;
  }));
  // The review's comment threads, as in the Markdown export: the card, open or resolved, every comment.
  section('Comments', threadViews(comments, view.snapshot.cards).map((th) => {
    const lines = th.comments.map((c) => `\n    ${c.by}, ${c.at}: ${excerpt(oneLine(c.text), 600)}${c.mentions.length ? ` (mentions ${c.mentions.map((m) => `@${m}`).join(', ')})` : ''}`);
    return `On ${th.column} “${excerpt(th.card, 200)}” — ${th.state}${lines.join('')}`;
  }));
}

function pageNumbers(doc: Doc, view: BoardView, t: (s: string) => string): void {
  const range = doc.bufferedPageRange();
  const title = t(excerpt(view.snapshot.board.title, 80));
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7).fillColor(MUTED)
      .text(`${title} · page ${i + 1 - range.start} of ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin + 4, { width: CONTENT_W, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
