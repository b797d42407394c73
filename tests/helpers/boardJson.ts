/**
 * Boards written by hand for tests, in the contract's board JSON
 * (`product-vcp`, version 1): what every hand-made board repeats, once.
 */

/** The six VCP columns with their titles, as an export lists them. */
const VCP_COLUMNS = [
  { id: 'goal', title: 'Business goals' }, { id: 'segment', title: 'Segments' }, { id: 'value', title: 'Customer value' },
  { id: 'behaviour', title: 'User behaviours' }, { id: 'indicator', title: 'Value indicators' }, { id: 'initiative', title: 'Initiatives' },
];

/** A card as board JSON: active, created on the morning of the test workshop. */
export function jsonCard(id: string, column: string, text: string, order: string, fields: Record<string, unknown> = {}) {
  return { id, column, text, order, createdAt: '2026-03-10T09:00:00.000Z', status: 'active', ...fields };
}

/** The consent record of a commitment Ana and Ben agreed with thumbs up. */
export const AGREED_BY_ANA_AND_BEN = {
  at: '2026-03-10T10:00:00.000Z', method: 'thumbs', participants: ['Ana', 'Ben'], outcome: 'agreed',
  responses: [{ name: 'Ana', value: 'up' }, { name: 'Ben', value: 'up' }],
};

/** A board JSON document: `id` and `title`, the six columns, and `parts` (cards, links, commitments, …). */
export function boardJson<Parts extends { cards: object[]; links: object[]; commitments: object[] }>(id: string, title: string, parts: Parts) {
  return {
    format: 'product-vcp',
    version: 1,
    board: { id, title, direction: 'rtl', createdAt: '2026-03-10T08:45:00.000Z' },
    columns: VCP_COLUMNS,
    ...parts,
  };
}
