import type { ConsentMethod, Thumb } from '../../shared/model.ts';
import { THUMBS } from '../../shared/model.ts';
import type { ConsentValue } from '../sync/controlSession.ts';
import { Segmented, type SegmentOption } from '../ui/Segmented.tsx';
import { FINGER_LABELS, THUMB_LABELS } from '../derive/labels.ts';
import './ConsentChoice.css';

const THUMB_OPTIONS: SegmentOption<Thumb>[] = THUMBS.map((t) => ({ value: t, text: t === 'up' ? 'Up' : t === 'down' ? 'Down' : 'Sideways', label: THUMB_LABELS[t] }));
// Each number shows what it means ("I block this"), not only in its accessible name.
const FINGER_OPTIONS: SegmentOption<number>[] = FINGER_LABELS.map((label, n) => ({ value: n, text: String(n), label, detail: label.split(': ')[1] ?? label }));

/** One answer in a consent round: thumbs, or fist of five, as the facilitator chose (objecting answers in red, consent in green). */
export function ConsentChoice({ method, label, value, onChange, disabled }: { method: ConsentMethod; label: string; value: ConsentValue | null; onChange: (v: ConsentValue) => void; disabled?: boolean }) {
  return (
    <div className="consent-choice">
      {method === 'thumbs' ? (
        <Segmented label={label} options={THUMB_OPTIONS} value={value as Thumb | null} onChange={onChange} {...(disabled ? { disabled } : {})} />
      ) : (
        <Segmented label={label} options={FINGER_OPTIONS} value={value as number | null} onChange={onChange} {...(disabled ? { disabled } : {})} />
      )}
    </div>
  );
}
