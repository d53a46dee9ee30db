/** Files stored at the service worker's install (the app shell); the rest after. */
export declare const AT_INSTALL: RegExp[];
export declare function precacheEntries(dist: string): {
  /** Stored at install. */
  entries: Array<{ url: string; revision: string }>;
  /** Stored after install (as fetched, and once the page says Python is ready). */
  later: Array<{ url: string; revision: string }>;
  skipped: string[];
  bytes: number;
  laterBytes: number;
};
