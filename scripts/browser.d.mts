export declare const PLAYWRIGHT_DISABLED_FEATURES: string[];
export declare const BROWSER_CHROME_FEATURES: string[];
export declare function disableFeatures(features: string[]): string;
export declare const chromiumArgs: string[];
export declare function chromiumArgsDisabling(features: string[]): string[];
export declare function findChromium(): Promise<string | null>;
export declare function findChromiumSync(): string | undefined;
export declare const HOW_TO_GET_CHROMIUM: string;
