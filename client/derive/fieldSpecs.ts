/** How each card field is edited and labelled in the side panel. */
import {
  CONFIDENCE_LEVELS, EVIDENCE_LEVELS, INDICATOR_DIRECTIONS, INITIATIVE_FUNCTIONS, INITIATIVE_TYPES,
  type CardFieldName, type ColumnId,
} from '../../shared/model.ts';

export type FieldKind = 'text' | 'longtext' | 'number' | 'date' | 'select';

export interface FieldSpec {
  name: CardFieldName;
  label: string;
  kind: FieldKind;
  options?: readonly { value: string; label: string }[];
  placeholder?: string;
}

const options = (values: readonly string[], labels: Record<string, string> = {}) =>
  values.map((value) => ({ value, label: labels[value] ?? value.charAt(0).toUpperCase() + value.slice(1) }));

export const FIELD_SPECS: Record<CardFieldName, FieldSpec> = {
  metric: { name: 'metric', label: 'Lagging metric', kind: 'text', placeholder: 'ARR, churn, net revenue retention…' },
  actor: { name: 'actor', label: 'Actor', kind: 'text', placeholder: 'Who behaves (e.g. team admin)' },
  current: { name: 'current', label: 'Current behaviour', kind: 'longtext', placeholder: 'What they do today' },
  desired: { name: 'desired', label: 'Desired behaviour', kind: 'longtext', placeholder: 'What they should do instead' },
  definition: { name: 'definition', label: 'Definition', kind: 'longtext', placeholder: 'How it is measured' },
  unit: { name: 'unit', label: 'Unit', kind: 'text', placeholder: '%, days, accounts…' },
  direction: { name: 'direction', label: 'Better when it', kind: 'select', options: options(INDICATOR_DIRECTIONS, { increase: 'Increases', decrease: 'Decreases' }) },
  baselineValue: { name: 'baselineValue', label: 'Baseline value', kind: 'number' },
  baselineAsOf: { name: 'baselineAsOf', label: 'Baseline as of', kind: 'date' },
  baselineSource: { name: 'baselineSource', label: 'Baseline source', kind: 'text', placeholder: 'Dashboard, report, survey…' },
  targetValue: { name: 'targetValue', label: 'Target value', kind: 'number' },
  targetBy: { name: 'targetBy', label: 'Target by', kind: 'date' },
  initiativeType: { name: 'initiativeType', label: 'Type', kind: 'select', options: options(INITIATIVE_TYPES) },
  function: {
    name: 'function',
    label: 'Function',
    kind: 'select',
    options: options(INITIATIVE_FUNCTIONS, { cs: 'Customer success' }),
  },
  confidence: { name: 'confidence', label: 'Confidence', kind: 'select', options: options(CONFIDENCE_LEVELS) },
  evidence: { name: 'evidence', label: 'Evidence', kind: 'select', options: options(EVIDENCE_LEVELS) },
};

/** The fields of a column's cards, in groups (a group title of '' is shown without a legend). */
export const FIELD_GROUPS: Record<ColumnId, { title: string; fields: CardFieldName[] }[]> = {
  goal: [{ title: '', fields: ['metric'] }],
  segment: [],
  value: [],
  behaviour: [{ title: '', fields: ['actor', 'current', 'desired'] }],
  indicator: [
    { title: '', fields: ['definition', 'unit', 'direction'] },
    { title: 'Baseline', fields: ['baselineValue', 'baselineAsOf', 'baselineSource'] },
    { title: 'Target', fields: ['targetValue', 'targetBy'] },
  ],
  initiative: [{ title: '', fields: ['initiativeType', 'function', 'confidence', 'evidence'] }],
};

/** Parses what was typed into a field: the value to store, `undefined` to clear, or `invalid`. */
export function parseFieldInput(kind: FieldKind, input: string): string | number | undefined | 'invalid' {
  const trimmed = kind === 'longtext' || kind === 'text' ? input : input.trim();
  if (trimmed === '') return undefined;
  if (kind === 'number') {
    const value = Number(trimmed.replace(',', '.'));
    return Number.isFinite(value) ? value : 'invalid';
  }
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : 'invalid';
  return trimmed;
}
