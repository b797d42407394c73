export declare function newest(dir: string): number;
/** `packages: 'external'` leaves every package an import; by default the listed pure-JavaScript ones are bundled in. */
export declare function buildServer(entryPoints: string[], outdir: string, options?: { packages?: 'listed' | 'external' }): Promise<void>;
export declare const SERVER_BUNDLE: string;
export declare function buildServerIfStale(): Promise<boolean>;
