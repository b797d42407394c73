import { useMemo, useState } from 'react';
import { Modal } from '../ui/Modal.tsx';
import { COLUMNS, isColumnId, type ColumnId } from '../../shared/model.ts';
import { ApiError } from '../api/boards.ts';
import { ImportPreview } from './ImportPreview.tsx';
import { readSource, spreadsheetBoard } from './importSource.ts';
import './ImportDialog.css';

export type ImportTarget =
  /** A new board from a board JSON or a spreadsheet (the start page). */
  | { kind: 'new-board'; create: (json: unknown) => Promise<void> }
  /** Cards into the open board (its facilitator). */
  | { kind: 'board'; add: (body: { csv: string; defaultColumn?: ColumnId }) => Promise<number> };

/** The file's name without its extension: the new board's title. */
const baseName = (name: string) => name.replace(/\.[^.]+$/, '');

/**
 * Import, previewed before it lands: choose a file or paste rows copied from
 * a spreadsheet, see every card (and every problem, by line and column), then
 * create the board or add the cards. Nothing lands while a row is wrong.
 */
export default function ImportDialog({ target, onClose }: { target: ImportTarget; onClose: () => void }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [title, setTitle] = useState('');
  const [defaultColumn, setDefaultColumn] = useState<ColumnId | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const source = useMemo(() => readSource(text, defaultColumn || undefined), [text, defaultColumn]);
  const forBoard = target.kind === 'board';

  const load = async (file: File | undefined) => {
    if (!file) return;
    setError('');
    setFileName(file.name);
    if (!title) setTitle(baseName(file.name));
    setText(await file.text());
  };

  let blocked = '';
  if (source.kind === 'empty') blocked = 'Choose a file or paste rows first.';
  else if (source.kind === 'board-json') blocked = forBoard ? 'A board JSON becomes a new board: import it from the start page.' : (source.error ?? '');
  else if (source.preview.issues.length) blocked = 'Fix the rows above first.';
  else if (!source.preview.cards.length) blocked = 'No cards to import.';
  else if (!forBoard && !title.trim()) blocked = 'Give the new board a title.';
  const count = source.kind === 'spreadsheet' ? source.preview.cards.length : source.kind === 'board-json' ? (source.json?.cards.length ?? 0) : 0;

  const submit = async () => {
    if (blocked || busy) return;
    setBusy(true);
    setError('');
    try {
      if (target.kind === 'board') {
        await target.add({ csv: text, ...(defaultColumn ? { defaultColumn } : {}) });
        onClose();
      } else {
        const json = source.kind === 'board-json' ? { ...source.json!, board: { ...source.json!.board, title: title.trim() || source.json!.board.title } } : source.kind === 'spreadsheet' ? spreadsheetBoard(title.trim(), source.preview.cards) : null;
        await target.create(json);
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The import failed: the server cannot be reached.');
      setBusy(false);
    }
  };

  return (
    <Modal title={forBoard ? 'Import cards' : 'Import a board or spreadsheet'} eyebrow="Import" onClose={onClose} className="import-dialog">
      <div className="modal-body">
        <p className="hint">
          A spreadsheet with one card per row — columns <code>column</code>, <code>text</code> and any card field (<code>metric</code>, <code>author</code>, <code>confidence</code>, …) — as
          CSV, or rows copied from Sheets or Excel and pasted here.{forBoard ? '' : ' Or a board JSON exported from this app or written by a script.'}
        </p>
        <div className="import-inputs">
          <label className="button small import-file">
            Choose a file…
            <input type="file" accept=".csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,application/json" onChange={(e) => void load(e.target.files?.[0])} />
          </label>
          {fileName && <span className="hint">{fileName}</span>}
        </div>
        <label className="field">
          <span>Rows to import</span>
          <textarea
            className="import-paste"
            value={text}
            data-autofocus
            spellCheck={false}
            placeholder={'column,text,metric\ngoal,Grow NRR to 115%,Net revenue retention\ninitiative,Spreadsheet import'}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <div className="import-options">
          {!forBoard && (
            <label className="field">
              <span>Title of the new board</span>
              <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder={source.kind === 'board-json' ? source.json?.board.title : 'e.g. Q3 product strategy'} />
            </label>
          )}
          {source.kind !== 'board-json' && (
            <label className="field">
              <span>Column for rows that name none</span>
              <select value={defaultColumn} onChange={(e) => setDefaultColumn(isColumnId(e.target.value) ? e.target.value : '')}>
                <option value="">None: every row names its column</option>
                {COLUMNS.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <ImportPreview source={source} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <footer className="modal-footer">
        {blocked && source.kind !== 'empty' && <p className="hint import-blocked">{blocked}</p>}
        <button className="button" type="button" onClick={onClose}>
          Cancel
        </button>
        <button className="button primary" type="button" disabled={!!blocked || busy} onClick={() => void submit()}>
          {busy ? 'Importing…' : !forBoard ? 'Create the board' : count ? `Add ${count} card${count === 1 ? '' : 's'} to the board` : 'Add cards to the board'}
        </button>
      </footer>
    </Modal>
  );
}
