/**
 * Answers in a consent round as someone fills them in, pure: one per
 * commitment of the round, each with the objection in their words, and what
 * of it is new (only what changed is sent).
 */
import { isObjection } from '../../shared/commitments.ts';
import type { ConsentMethod } from '../../shared/model.ts';
import type { ConsentAnswer, ConsentValue, GivenAnswer } from '../sync/controlSession.ts';

export interface AnswerDraft {
  value: ConsentValue | null;
  objection: string;
}

/** The form's starting point: what was already answered on each commitment, blank elsewhere. */
export function draftFrom(commitments: readonly string[], mine: Pick<ConsentAnswer, 'answers'> | null): Record<string, AnswerDraft> {
  return Object.fromEntries(commitments.map((id) => {
    const sent = mine?.answers[id];
    return [id, { value: sent?.value ?? null, objection: sent?.objection ?? '' }];
  }));
}

/**
 * The answers to send: those given and different from what was sent (an
 * objection's text only with an objecting answer).
 */
export function changedAnswers(method: ConsentMethod, draft: Record<string, AnswerDraft>, mine: Pick<ConsentAnswer, 'answers'> | null): GivenAnswer[] {
  return Object.entries(draft).flatMap(([commitment, a]) => {
    if (a.value === null) return [];
    const objection = isObjection(method, a.value) ? a.objection.trim() : '';
    const sent = mine?.answers[commitment];
    if (sent && sent.value === a.value && (sent.objection ?? '') === objection) return [];
    return [objection ? { commitment, value: a.value, objection } : { commitment, value: a.value }];
  });
}
