/** The shapes of the consent round's HTTP API (docs/API.md), as the server answers and the browser reads them. */
import type { ConsentValue } from './doc/private.ts';

/** One person's answers in a round (their own, or recorded by the facilitator for them), by commitment. */
export interface ConsentAnswerView {
  name: string;
  by: 'self' | 'facilitator';
  /** By commitment id: what they answered on it (only the commitments they answered on). */
  answers: Record<string, { value: ConsentValue; objection?: string }>;
  /** When the answer is the same on every commitment of the round (always so in a one-commitment round). */
  value?: ConsentValue;
  objection?: string;
}

/** One answer on one commitment, in the closed round's list for the facilitator. */
export interface ConsentResponse {
  name: string;
  commitment: string;
  value: ConsentValue;
  objection?: string;
  by: 'self' | 'facilitator';
}
