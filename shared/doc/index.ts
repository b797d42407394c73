/** The board document layer: the only way into a board's Yjs documents. */
export * from './board.ts';
export * from './json.ts';
export * from './control.ts';
export * from './migrations.ts';
export { textSplice, type TextSplice } from './textDiff.ts';
