export declare const isolationHeaders: Record<string, string>;
