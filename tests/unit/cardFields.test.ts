/**
 * The plain checks that read a card's fields and ids (validField, isEntityId)
 * accept exactly what the board JSON's zod shapes accept.
 */
import { describe, expect, it } from 'vitest';
import { cardFieldsShape, validField, type CardFieldName } from '../../shared/doc/records/cardFields.ts';
import { entityId, isEntityId, MAX_SHORT_TEXT, MAX_TEXT } from '../../shared/validate.ts';

const values: unknown[] = [
  '', 'a', ' ', 'x'.repeat(MAX_SHORT_TEXT), 'x'.repeat(MAX_SHORT_TEXT + 1), 'x'.repeat(MAX_TEXT), 'x'.repeat(MAX_TEXT + 1),
  0, -1, 1.5, 1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '12', 12n,
  '2026-12-05', '2024-02-29', '2026-02-29', '2026-13-01', '2026-1-5', '2026-12-05T10:00:00Z', '20261205', ' 2026-12-05',
  'increase', 'decrease', 'Increase', 'discovery', 'experiment', 'delivery', 'product', 'cs', 'other', 'low', 'medium', 'high',
  'opinion', 'anecdote', 'data', 'tested', 'toString', '__proto__', 'constructor',
  null, true, false, {}, [], ['low'], { length: 3 }, () => 'low', Symbol('low'),
];

describe('the plain field and id checks agree with the zod shapes', () => {
  for (const name of Object.keys(cardFieldsShape) as CardFieldName[]) {
    it(`field ${name}`, () => {
      for (const value of values) expect([name, value, validField(name, value)]).toEqual([name, value, cardFieldsShape[name].safeParse(value).success]);
    });
  }

  it('entity ids', () => {
    const ids: unknown[] = [...values, 'card-1', 'A_b-9', 'x'.repeat(64), 'x'.repeat(65), 'a b', 'ü', 'prototype', '__proto__x', 'a\n', '\na'];
    for (const value of ids) expect([value, isEntityId(value)]).toEqual([value, entityId.safeParse(value).success]);
  });
});
