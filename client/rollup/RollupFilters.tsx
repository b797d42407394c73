import { useId } from 'react';
import type { CommitmentStatus } from '../../shared/model.ts';
import { isFiltered, type RollupFilter } from '../../shared/portfolio/rollupFilter.ts';
import type { InitiativeFunction, RollupCard } from '../../shared/portfolio/rollupModel.ts';
import { COMMITMENT_STATUS_LABELS, FUNCTION_LABELS } from '../../shared/portfolio/rollupText.ts';
import './RollupFilters.css';

interface Options {
  segments: RollupCard[];
  functions: InitiativeFunction[];
  owners: string[];
  statuses: CommitmentStatus[];
}

/** The roll-up's filters: segment, function, owner, status, each a native select (keyboard and screen readers as they know it). */
export function RollupFilters({ options, value, onChange }: { options: Options; value: RollupFilter; onChange: (next: RollupFilter) => void }) {
  const id = useId();
  const set = <K extends keyof RollupFilter>(key: K, v: string) => {
    const next = { ...value };
    if (v) next[key] = v as RollupFilter[K];
    else delete next[key];
    onChange(next);
  };
  const field = (key: keyof RollupFilter, label: string, all: string, choices: { value: string; label: string }[]) => (
    <div className="rollup-filter">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value[key] ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">{all}</option>
        {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    </div>
  );
  return (
    <form className="rollup-filters" role="search" aria-label="Filter the roll-up" onSubmit={(e) => e.preventDefault()}>
      {field('segment', 'Segment', 'All segments', options.segments.map((s) => ({ value: s.id, label: s.text })))}
      {field('function', 'Function', 'All functions', options.functions.map((f) => ({ value: f, label: FUNCTION_LABELS[f] })))}
      {field('owner', 'Owner', 'All owners', options.owners.map((o) => ({ value: o, label: o })))}
      {field('status', 'Status', 'All statuses', options.statuses.map((s) => ({ value: s, label: COMMITMENT_STATUS_LABELS[s] })))}
      <button type="button" className="button rollup-button" disabled={!isFiltered(value)} onClick={() => onChange({})}>Clear filters</button>
    </form>
  );
}
