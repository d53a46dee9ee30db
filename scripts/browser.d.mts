export declare const chromiumArgs: string[];
export declare function findChromium(): Promise<string | null>;
export declare function findChromiumSync(): string | undefined;
export declare const HOW_TO_GET_CHROMIUM: string;
