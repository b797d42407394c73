/**
 * ESLint rule `client-layers/order`: the folders of client/ form layers, and an
 * import never runs back up. A file may import its own folder and any lower
 * layer; folders that share a layer (the features, the pages) do not import
 * each other — what two of them need lives in a lower layer, and a page
 * composes features. Only relative imports are checked (client/ has no aliases).
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The layers of client/, lowest first (styles: the design tokens every stylesheet uses); "." is a file at client/'s top (App.tsx, main.tsx). */
export const CLIENT_LAYERS = [
  { name: 'styles', folders: ['styles'] },
  { name: 'api', folders: ['api'] },
  { name: 'state', folders: ['state'] },
  { name: 'sync', folders: ['sync'] },
  { name: 'derive', folders: ['derive'] },
  { name: 'ui', folders: ['ui'] },
  { name: 'feature', folders: ['board', 'commitments', 'facilitation', 'import', 'panel', 'phone', 'portfolio', 'review', 'share', 'views'] },
  { name: 'page', folders: ['shell', 'projector', 'landing', 'rollup'] },
  { name: 'app', folders: ['.'] },
];

const clientRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../client');

/** The client folder of a file (its first path segment under client/, "." for a top file), or null outside client/. */
function folderOf(file) {
  const rel = relative(clientRoot, file);
  if (rel.startsWith('..') || rel === '') return null;
  const parts = rel.split(sep);
  return parts.length === 1 ? '.' : parts[0];
}

function layerOf(folder) {
  return CLIENT_LAYERS.findIndex((l) => l.folders.includes(folder));
}

export default {
  rules: {
    order: {
      meta: {
        type: 'problem',
        docs: { description: 'client/ imports run down the layers; features and pages do not import each other' },
        schema: [],
        messages: {
          up: '{{from}} ({{fromLayer}}) imports {{to}} ({{toLayer}}): an import may not run back up a layer.',
          sideways: '{{from}} imports {{to}}: two {{layer}}s do not import each other; move what both need to a lower layer.',
          unknown: 'client/{{folder}} is in no layer: add it to CLIENT_LAYERS in scripts/eslint/clientLayers.mjs.',
        },
      },
      create(context) {
        const file = context.filename;
        const from = folderOf(file);
        if (from === null) return {};
        const check = (node, spec) => {
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const to = folderOf(resolve(dirname(file), spec));
          if (to === null || to === from) return;
          const [a, b] = [layerOf(from), layerOf(to)];
          if (a < 0 || b < 0) {
            context.report({ node, messageId: 'unknown', data: { folder: a < 0 ? from : to } });
            return;
          }
          const data = { from: `client/${from}`, to: `client/${to}`, fromLayer: CLIENT_LAYERS[a].name, toLayer: CLIENT_LAYERS[b].name, layer: CLIENT_LAYERS[a].name };
          if (b > a) context.report({ node, messageId: 'up', data });
          else if (b === a) context.report({ node, messageId: 'sideways', data });
        };
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        };
      },
    },
  },
};
