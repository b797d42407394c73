import { useState } from 'react';
import type { Card, CardFieldName } from '../../shared/model.ts';
import { useSession } from '../sync/hooks.ts';
import { FIELD_GROUPS, FIELD_SPECS, parseFieldInput, type FieldSpec } from '../derive/fieldSpecs.ts';

/**
 * The structured fields of a card's column (PRODUCT.md), edited live; read
 * only when `agreedNote` names the note that says why (agreed content).
 */
export function CardFieldsForm({ card, agreedNote }: { card: Card; agreedNote?: string | undefined }) {
  const groups = FIELD_GROUPS[card.column];
  if (groups.length === 0) return null;
  return (
    <div className="fields">
      {groups.map((group, i) =>
        group.title ? (
          <fieldset key={i} className="field-group">
            <legend>{group.title}</legend>
            {group.fields.map((name) => (
              <FieldInput key={name} card={card} spec={FIELD_SPECS[name]} agreedNote={agreedNote} />
            ))}
          </fieldset>
        ) : (
          <div key={i} className="field-group plain">
            {group.fields.map((name) => (
              <FieldInput key={name} card={card} spec={FIELD_SPECS[name]} agreedNote={agreedNote} />
            ))}
          </div>
        ),
      )}
    </div>
  );
}

function FieldInput({ card, spec, agreedNote }: { card: Card; spec: FieldSpec; agreedNote: string | undefined }) {
  const session = useSession();
  const stored = card[spec.name as CardFieldName];
  const storedText = stored === undefined ? '' : String(stored);
  // While someone types, show their draft; otherwise show the shared value.
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? storedText;
  const parsed = draft === null ? null : parseFieldInput(spec.kind, draft);
  const invalid = parsed === 'invalid';
  const readOnly = !session.canEdit || agreedNote !== undefined;

  const change = (next: string) => {
    setDraft(next);
    const result = parseFieldInput(spec.kind, next);
    if (result !== 'invalid') session.edits.updateCardFields(card.id, { [spec.name]: result });
  };
  const common = {
    value,
    'data-undo': 'board',
    'aria-invalid': invalid || undefined,
    // A read-only field keeps showing the shared value (nobody's draft).
    onFocus: () => !readOnly && setDraft(storedText),
    onBlur: () => setDraft(null),
    'aria-describedby': agreedNote,
  };

  let control;
  if (spec.kind === 'select') {
    control = (
      <select {...common} disabled={readOnly} onChange={(e) => change(e.target.value)}>
        <option value="">—</option>
        {spec.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'longtext') {
    control = <textarea {...common} rows={2} readOnly={readOnly} placeholder={readOnly ? undefined : spec.placeholder} onChange={(e) => change(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={spec.kind === 'date' ? 'date' : 'text'}
        inputMode={spec.kind === 'number' ? 'decimal' : undefined}
        readOnly={readOnly}
        placeholder={readOnly ? undefined : spec.placeholder}
        onChange={(e) => change(e.target.value)}
      />
    );
  }
  return (
    <label className="field">
      <span>{spec.label}</span>
      {control}
      {invalid && <span className="field-error">{spec.kind === 'number' ? 'Enter a number' : 'Enter a date'}</span>}
    </label>
  );
}
