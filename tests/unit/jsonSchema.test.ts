/**
 * The shipped JSON Schema (schema/product-vcp.schema.json) is generated from the
 * importer's validator; this keeps the committed file from going stale.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardJsonSchemaText, SCHEMA_PATH } from '../../scripts/write-schema.ts';
import { exportBoardJson, initBoard } from '../../shared/doc/index.ts';
import { buildExampleBoard } from '../../shared/exampleBoard.ts';
import { BUILD_ORIGIN } from '../../shared/doc/index.ts';

describe('schema/product-vcp.schema.json', () => {
  const committed = readFileSync(SCHEMA_PATH, 'utf8');

  it('equals freshly generated output (run `npm run schema` after changing shared/schema.ts)', () => {
    expect(committed).toBe(boardJsonSchemaText());
  });

  it('identifies the format and rejects unknown properties', () => {
    const schema = JSON.parse(committed) as Record<string, unknown> & { properties: Record<string, { const?: unknown }> };
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.stringContaining('product-vcp'), type: 'object', additionalProperties: false });
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
    expect(schema.properties.format?.const).toBe('product-vcp');
    expect(schema.properties.version?.const).toBe(1);
    expect(committed).toContain('"additionalProperties": false');
  });

  it('its patterns accept the ids and keys of a real export', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Example' }, BUILD_ORIGIN);
    buildExampleBoard(doc);
    const json = exportBoardJson(doc, 'example-board');
    const schema = JSON.parse(committed) as { properties: { cards: { items: { properties: { id: { pattern: string }; order: { pattern: string } } } } } };
    const idPattern = new RegExp(schema.properties.cards.items.properties.id.pattern);
    const orderPattern = new RegExp(schema.properties.cards.items.properties.order.pattern);
    for (const card of json.cards) {
      expect(card.id).toMatch(idPattern);
      expect(card.order).toMatch(orderPattern);
    }
    expect('__proto__').not.toMatch(idPattern);
  });
});
