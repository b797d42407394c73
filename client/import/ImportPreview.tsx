import { COLUMNS, type CardFieldName } from '../../shared/model.ts';
import { describeIssue, type ImportedCard } from '../../shared/spreadsheetImport.ts';
import type { ImportSource } from './importSource.ts';
import { cardCounts } from './importSource.ts';
import './ImportPreview.css';

/** Rows shown in the preview table; the rest are counted. */
const SHOWN_ROWS = 100;

const FIELD_LABELS: Record<CardFieldName, string> = {
  metric: 'metric', actor: 'actor', current: 'now', desired: 'desired', definition: 'definition', unit: 'unit', direction: 'direction',
  baselineValue: 'baseline', baselineAsOf: 'baseline as of', baselineSource: 'source', targetValue: 'target', targetBy: 'target by',
  initiativeType: 'type', function: 'function', confidence: 'confidence', evidence: 'evidence',
};

function details(card: ImportedCard): string {
  const parts = (Object.keys(FIELD_LABELS) as CardFieldName[]).filter((k) => card[k] !== undefined).map((k) => `${FIELD_LABELS[k]}: ${String(card[k])}`);
  if (card.author) parts.unshift(`by ${card.author}`);
  return parts.join(' · ');
}

/**
 * What an import will do, before it lands: the problems by line and column
 * (nothing is imported while there is one), then every card in a table.
 */
export function ImportPreview({ source }: { source: ImportSource }) {
  if (source.kind === 'empty') return null;
  if (source.kind === 'board-json') {
    if (source.error) {
      return (
        <div className="import-issues" role="alert">
          <p className="field-label">This board JSON cannot be imported</p>
          <p>{source.error}</p>
        </div>
      );
    }
    const json = source.json!;
    return (
      <section className="import-summary" aria-label="Import preview">
        <p>
          <strong>{json.board.title}</strong>: a whole board with {json.cards.length} cards ({cardCounts(json.cards) || 'none'}), {json.links.length} links and {json.commitments.length}{' '}
          commitments. It becomes a new board with new links to share.
        </p>
      </section>
    );
  }
  const { preview } = source;
  const title = (id: string) => COLUMNS.find((c) => c.id === id)?.title ?? id;
  return (
    <section className="import-preview" aria-label="Import preview">
      {preview.issues.length > 0 && (
        <div className="import-issues" role="alert">
          <p className="field-label">
            Fix {preview.issues.length === 1 ? 'this row' : `these ${preview.issues.length} problems`} first: nothing is imported until every row is right
          </p>
          <ul>
            {preview.issues.slice(0, 50).map((issue, i) => (
              <li key={i}>{describeIssue(issue).replace(/^line/, 'Line')}</li>
            ))}
          </ul>
          {preview.issues.length > 50 && <p className="hint">…and {preview.issues.length - 50} more.</p>}
        </div>
      )}
      <p className="import-count" role="status">
        {preview.cards.length ? `${preview.cards.length} card${preview.cards.length === 1 ? '' : 's'} ready: ${cardCounts(preview.cards)}.` : 'No cards yet.'}
        {preview.ignored.length > 0 && ` Not imported (not card fields): ${preview.ignored.join(', ')}.`}
      </p>
      {preview.cards.length > 0 && (
        <div className="import-table-wrap">
          <table className="import-table">
            <caption className="visually-hidden">Cards to import</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Text</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {preview.cards.slice(0, SHOWN_ROWS).map((card) => (
                <tr key={card.line}>
                  <td>{card.line}</td>
                  <td>{title(card.column)}</td>
                  <td className="import-text">{card.text}</td>
                  <td>{details(card)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.cards.length > SHOWN_ROWS && <p className="hint">…and {preview.cards.length - SHOWN_ROWS} more cards.</p>}
        </div>
      )}
    </section>
  );
}
