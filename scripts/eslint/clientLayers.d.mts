import type { Rule } from 'eslint';

export declare const CLIENT_LAYERS: readonly { name: string; folders: readonly string[] }[];
declare const plugin: { rules: { order: Rule.RuleModule } };
export default plugin;
