/** Files stored after the service worker's install (the local-model runtimes). */
export declare const LATER: RegExp[];
export declare function precacheEntries(dist: string): {
  /** Stored at install. */
  entries: Array<{ url: string; revision: string }>;
  /** Stored once the page says Python is ready. */
  later: Array<{ url: string; revision: string }>;
  skipped: string[];
  bytes: number;
  laterBytes: number;
};
