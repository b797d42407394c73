/**
 * The roll-up as a PDF (pdfkit, the board export's fonts): A4 landscape, one
 * block per goal and per segment (a heading and a table of boards, functions
 * and agreed commitments; a gap in red), then the gaps, the overlaps and the
 * review cadence. A table row is never cut across pages; a heading never
 * stays alone at a page's foot.
 */
import type { Rollup, RollupCommitment, RollupTarget } from '../../shared/portfolio/rollupModel.ts';
import {
  CHECK_IN_LABELS, checkInText, checkInUnit, COMMITMENT_STATUS_LABELS, commitmentFlags, functionList, gapText, overlapText,
} from '../../shared/portfolio/rollupText.ts';
import { excerpt } from '../../shared/text.ts';
import { openPdf } from '../export/pdfFont.ts';
import { oneLine, utcMinute } from '../export/view.ts';

const PAGE = { width: 841.89, height: 595.28, margin: 32 };
const CONTENT_W = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 14;
const PAD = 4;
const FS = 9;
const INK = '#1d2330';
const MUTED = '#4a5568';
const LINE = '#b8c0cc';
const GAP = '#b42318';

type Doc = PDFKit.PDFDocument;
type Text = (s: string) => string;

interface Column {
  title: string;
  width: number;
}

const TARGET_COLS: Column[] = [
  { title: 'Board', width: 0.13 }, { title: 'Functions', width: 0.12 }, { title: 'Commitment', width: 0.18 }, { title: 'Owner', width: 0.1 },
  { title: 'Due', width: 0.08 }, { title: 'Status', width: 0.11 }, { title: 'Indicators', width: 0.13 }, { title: 'Latest check-in', width: 0.15 },
];

/** Renders the roll-up as a PDF. */
export async function rollupPdf(rollup: Rollup, exportedAt: string): Promise<Uint8Array> {
  const { doc, t: print, finish } = openPdf({ title: `${rollup.portfolio.title} — portfolio roll-up`, exportedAt, margin: PAGE.margin });
  const t: Text = print;

  doc.font('bold').fontSize(18).fillColor(INK).text(t(`Portfolio roll-up: ${excerpt(rollup.portfolio.title, 100)}`), PAGE.margin, PAGE.margin, { width: CONTENT_W });
  doc.font('body').fontSize(9).fillColor(MUTED)
    .text(t(`As of ${rollup.today} · exported ${utcMinute(exportedAt)} · boards: ${rollup.boards.map((b) => b.title).join(', ') || 'none yet'}`), { width: CONTENT_W });
  doc.moveDown(0.6);
  const byId = new Map(rollup.commitments.map((c) => [c.id, c]));
  heading(doc, t('Business goals'), 14);
  for (const g of rollup.goals) targetBlock(doc, g, byId, t);
  heading(doc, t('Segments'), 14);
  for (const s of rollup.segments) targetBlock(doc, s, byId, t);
  heading(doc, t('Gaps'), 14);
  list(doc, rollup.gaps.map((g) => t(gapText(g))), 'None: every goal and segment is served and every board reaches a goal.', GAP);
  heading(doc, t('Overlaps'), 14);
  list(doc, rollup.overlaps.map((o) => t(overlapText(o))), 'None found.', INK);
  heading(doc, t('Review cadence'), 14);
  const cadenceCols: Column[] = [
    { title: 'Board', width: 0.2 }, { title: 'Next review', width: 0.12 }, { title: 'Reporting', width: 0.08 }, { title: 'Missing check-ins', width: 0.1 },
    { title: 'Overdue', width: 0.08 }, ...Object.values(CHECK_IN_LABELS).map((title) => ({ title, width: 0.08 })), { title: 'No check-in yet', width: 0.1 },
  ];
  drawTable(doc, cadenceCols, rollup.cadence.map((r) => [
    r.title, r.nextReview ? `${r.nextReview}${r.reviewOverdue ? ' (overdue)' : ''}` : 'not set', String(r.reporting), String(r.missingCheckIns), String(r.overdue),
    ...Object.keys(CHECK_IN_LABELS).map((s) => String(r.statuses[s as keyof typeof CHECK_IN_LABELS])), String(r.neverCheckedIn),
  ].map(t)));
  pageNumbers(doc, t(excerpt(rollup.portfolio.title, 80)));
  return finish();
}

/** A heading, on a new page when it and a first row would not fit. */
function heading(doc: Doc, text: string, size: number, color = INK): void {
  if (doc.y + size + 40 > BOTTOM) doc.addPage();
  doc.font('bold').fontSize(size).fillColor(color).text(text, PAGE.margin, doc.y, { width: CONTENT_W });
  doc.moveDown(0.25);
}

function targetBlock(doc: Doc, target: RollupTarget, byId: ReadonlyMap<string, RollupCommitment>, t: Text): void {
  heading(doc, t(excerpt(target.text, 200)), 11.5, target.gap ? GAP : INK);
  if (target.metric) doc.font('body').fontSize(FS).fillColor(MUTED).text(t(`Metric: ${target.metric}`), PAGE.margin, doc.y, { width: CONTENT_W });
  if (target.gap) {
    doc.font('bold').fontSize(10).fillColor(GAP).text('Gap: no board serves it.', PAGE.margin, doc.y, { width: CONTENT_W });
    doc.moveDown(0.6);
    return;
  }
  if (target.uncommitted) doc.font('body').fontSize(FS).fillColor(MUTED).text('Served by initiatives, none of them an agreed commitment yet.', PAGE.margin, doc.y, { width: CONTENT_W });
  const rows = target.boards.flatMap((b) => {
    const lead = [b.title, functionList(b.functions, b.unassignedFunction)];
    const commitments = b.commitments.map((id) => byId.get(id)).filter((c): c is RollupCommitment => c !== undefined);
    if (commitments.length === 0) return [[...lead, `${b.initiatives.length} initiative(s), no agreed commitment`, '', '', '', '', '']];
    return commitments.map((c) => {
      const flags = commitmentFlags(c);
      return [
        ...lead, c.title, c.owner || 'no owner', c.due ?? '—', `${COMMITMENT_STATUS_LABELS[c.status]}${flags.length ? ` (${flags.join(', ')})` : ''}`,
        c.indicators.map((i) => oneLine(i.text)).join('; ') || '—', checkInText(c.latestCheckIn, checkInUnit(c)),
      ];
    });
  });
  drawTable(doc, TARGET_COLS, rows.map((r) => r.map((cell) => t(excerpt(cell, 300)))));
  doc.moveDown(0.6);
}

function list(doc: Doc, items: string[], none: string, color: string): void {
  if (items.length === 0) items = [none];
  for (const item of items) {
    if (doc.y + 14 > BOTTOM) doc.addPage();
    doc.font('body').fontSize(FS + 0.5).fillColor(items[0] === none ? MUTED : color).text(`• ${item}`, PAGE.margin + 4, doc.y, { width: CONTENT_W - 4 });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.5);
}

/** A table with a dark header row, repeated on each page it runs onto; rows are kept whole. */
function drawTable(doc: Doc, cols: Column[], rows: string[][]): void {
  const widths = cols.map((c) => c.width * CONTENT_W);
  const head = (y: number) => {
    let x = PAGE.margin;
    const h = Math.max(...cols.map((c, i) => doc.font('bold').fontSize(FS).heightOfString(c.title, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    cols.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).fillColor(INK).fill();
      doc.font('bold').fontSize(FS).fillColor('#ffffff').text(c.title, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD });
      x += widths[i]!;
    });
    return y + h;
  };
  let y = head(doc.y);
  for (const row of rows) {
    doc.font('body').fontSize(FS);
    const h = Math.max(...row.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
    if (y + h > BOTTOM) {
      doc.addPage();
      y = head(PAGE.margin);
    }
    let x = PAGE.margin;
    row.forEach((cell, i) => {
      doc.rect(x, y, widths[i]!, h).lineWidth(0.5).strokeColor(LINE).stroke();
      doc.font(i === 0 ? 'bold' : 'body').fontSize(FS).fillColor(INK).text(cell, x + PAD, y + PAD, { width: widths[i]! - 2 * PAD });
      x += widths[i]!;
    });
    y += h;
  }
  doc.x = PAGE.margin;
  doc.y = y + 4;
}

function pageNumbers(doc: Doc, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7.5).fillColor(MUTED)
      .text(`${title} · roll-up · page ${i + 1 - range.start} of ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin + 4, { width: CONTENT_W, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
