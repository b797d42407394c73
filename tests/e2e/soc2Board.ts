/**
 * The board of the e2e tests about agreed work: one chain to a goal, the
 * initiative "SOC 2 evidence pack" agreed through a consent round (with fields,
 * two links with assumptions), and "Trust centre page" proposed, complete and
 * ready for its consent round.
 */
import { AGREED_BY_ANA_AND_BEN as consent, boardJson, jsonCard as card } from '../helpers/boardJson.ts';

export function soc2Board(title: string) {
  return boardJson('soc2-board', title, {
    cards: [
      card('goal1', 'goal', 'Win enterprise deals worth 2M ARR', 'a0', { metric: 'ARR' }),
      card('seg1', 'segment', 'Regulated enterprises', 'a0'),
      card('val1', 'value', 'Pass vendor security review in days', 'a0'),
      card('beh1', 'behaviour', 'Security teams approve us without a call', 'a0'),
      card('ind1', 'indicator', 'Security reviews passed first time', 'a0', {
        unit: '%', direction: 'increase', baselineValue: 20, baselineAsOf: '2026-03-01', targetValue: 60, targetBy: '2026-09-30',
      }),
      card('ind2', 'indicator', 'Days to security approval', 'a1'),
      card('ini1', 'initiative', 'SOC 2 evidence pack', 'a0', { initiativeType: 'delivery', confidence: 'medium', evidence: 'data' }),
      card('ini2', 'initiative', 'Trust centre page', 'a1'),
    ],
    links: [
      { id: 'l1', from: 'seg1', to: 'goal1' }, { id: 'l2', from: 'val1', to: 'seg1' }, { id: 'l3', from: 'beh1', to: 'val1' },
      { id: 'l4', from: 'ind1', to: 'beh1' },
      { id: 'l5', from: 'ini1', to: 'ind1', assumption: 'We believe a ready evidence pack ends the security call' },
      { id: 'l6', from: 'ini1', to: 'ind2', assumption: 'We believe reviewers approve faster with the pack' },
      { id: 'l7', from: 'ini2', to: 'ind1' },
    ],
    commitments: [{
      id: 'c1', card: 'ini1', title: 'SOC 2 evidence pack', owner: 'Ana', contributors: ['Ben'], due: '2026-09-30', checkpoint: '2026-06-30',
      status: 'agreed', indicators: ['ind1'], trace: [], definitionOfDone: 'Pack shared with 10 prospects', consents: [consent],
    }, {
      id: 'c2', card: 'ini2', title: 'Trust centre page', owner: 'Ben', contributors: [], due: '2026-10-31', checkpoint: '2026-08-31',
      status: 'proposed', indicators: ['ind1'], trace: [], definitionOfDone: 'Page live and linked from every security review',
    }],
    decisions: [{ id: 'd1', at: '2026-03-10T10:00:00.000Z', kind: 'consent', commitment: 'c1', title: 'SOC 2 evidence pack', method: 'thumbs', outcome: 'agreed', participants: ['Ana', 'Ben'] }],
  });
}
