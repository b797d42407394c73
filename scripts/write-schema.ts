/**
 * Writes schema/product-vcp.schema.json, the JSON Schema of the board JSON
 * format as an import accepts it, generated from the zod validator the
 * importer uses (`npm run schema`). Exports always carry every field.
 * tests/unit/jsonSchema.test.ts fails when the committed file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { boardJsonInputSchema, FORMAT, FORMAT_VERSION } from '../shared/schema.ts';

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../schema/product-vcp.schema.json');

/** The schema file's text: pretty-printed, ending in a newline. */
export function boardJsonSchemaText(): string {
  const { $schema, ...generated } = z.toJSONSchema(boardJsonInputSchema, { target: 'draft-2020-12', io: 'input' });
  const schema = {
    $schema,
    $id: `urn:${FORMAT}:board-json:v${FORMAT_VERSION}`,
    title: `Product VCP board (format "${FORMAT}", version ${FORMAT_VERSION})`,
    description:
      'A whole Product Value Creation Plan board as exported and imported by the VCP workshop board: '
      + 'goals, segments, customer value, behaviours, value indicators and initiatives as cards, links '
      + 'toward the goal with their assumptions, and commitments. Besides this shape, an importer checks '
      + 'the references: ids are unique, links join existing cards in neighbouring columns (from the '
      + 'column further from the goal to the next one toward it), card fields apply to the card\'s column, '
      + 'and commitments sit on initiative cards with indicator cards as success indicators. '
      + 'An export carries every field; an import also accepts the fields of the external contract alone '
      + 'and fills the rest: board id, direction (rtl) and createdAt (now), the six columns, each card\'s '
      + 'order (array order), createdAt (now) and status (active), links and commitments (none), and each '
      + 'commitment\'s contributors and indicators (none) and trace (derived).',
    ...generated,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  mkdirSync(dirname(SCHEMA_PATH), { recursive: true });
  writeFileSync(SCHEMA_PATH, boardJsonSchemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
