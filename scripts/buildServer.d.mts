export declare function newest(dir: string): number;
export declare function buildServer(entryPoints: string[], outdir: string): Promise<void>;
export declare const SERVER_BUNDLE: string;
export declare function buildServerIfStale(): Promise<boolean>;
