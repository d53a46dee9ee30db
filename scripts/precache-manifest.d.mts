export declare function precacheEntries(dist: string): {
  entries: Array<{ url: string; revision: string }>;
  skipped: string[];
  bytes: number;
};
