// Small shape checks for untrusted values (no schema library in the bundle).

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isStr = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length <= max;

/** Thrown for a well-formed request whose parameters are wrong; becomes an error response. */
export class BadParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadParamsError';
  }
}

export function needStr(o: Obj, key: string, max: number, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new BadParamsError(`"${key}" must be a string`);
  if (v.length > max) throw new BadParamsError(`"${key}" is longer than ${max} characters`);
  return v;
}

/** Only these keys (so a typo in a host's call is an error, not silently ignored). */
export function onlyKeys(o: Obj, allowed: readonly string[]): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) throw new BadParamsError(`unknown parameter(s): ${extra.join(', ')}`);
}
