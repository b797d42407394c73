import { useId } from 'react';
import './Segmented.css';

export interface SegmentOption<V extends string | number> {
  value: V;
  /** What the segment shows. */
  text: string;
  /** Its accessible name (and tooltip) when the text alone says too little. */
  label?: string;
  /** What it means, shown under (on a phone: beside) the text: "I block this" under a fist of five's 0. */
  detail?: string;
}

interface SegmentedProps<V extends string | number> {
  /** The group's accessible name. */
  label: string;
  options: readonly SegmentOption<V>[];
  value: V | null;
  onChange: (value: V) => void;
  disabled?: boolean;
}

/** A row of radio buttons drawn as one control: native radios, so arrow keys and screen readers work as usual. */
export function Segmented<V extends string | number>({ label, options, value, onChange, disabled }: SegmentedProps<V>) {
  const name = useId();
  return (
    <div className="segmented" role="radiogroup" aria-label={label} data-detailed={options.some((o) => o.detail) || undefined}>
      {options.map((o) => (
        <label key={String(o.value)} className="segment" title={o.label}>
          <input
            type="radio"
            name={name}
            value={String(o.value)}
            checked={value === o.value}
            disabled={disabled}
            aria-label={o.label ?? o.text}
            onChange={() => onChange(o.value)}
          />
          <span aria-hidden="true">{o.text}</span>
          {o.detail && (
            <span className="segment-detail" aria-hidden="true">
              {o.detail}
            </span>
          )}
        </label>
      ))}
    </div>
  );
}
