// Packages that libraries import only inside a method (pandas plotting needs matplotlib,
// read_excel openpyxl, to_markdown tabulate): the import scan cannot see them, so the small map in
// packages.ts loads them before the run. Checked against a FAKE Pyodide that only has a lock file
// and a set of loaded packages (all lazyPackagesFor reads).
import type { PyodideAPI } from 'pyodide';
import { describe, expect, it } from 'vitest';
import { lazyPackagesFor } from '../../workers/python/packages';

function fakePy(lock: string[], loaded: string[] = []): PyodideAPI {
  const packages = Object.fromEntries(lock.map((name) => [name, { name, imports: [name] }]));
  return {
    lockfile: { packages },
    loadedPackages: Object.fromEntries(loaded.map((n) => [n, 'default channel'])),
  } as unknown as PyodideAPI;
}

const LOCK = ['matplotlib', 'openpyxl', 'tabulate', 'pandas', 'numpy'];

describe('lazy dependencies loaded before a cell runs', () => {
  it.each([
    ['df.plot(kind="bar")', ['matplotlib']],
    ['df["x"].hist()', ['matplotlib']],
    ['df.boxplot(column="y")', ['matplotlib']],
    ['df = pd.read_excel("sales.xlsx")', ['openpyxl']],
    ['df.to_excel("out.xlsx")', ['openpyxl']],
    ['with pd.ExcelWriter("o.xlsx") as w: pass', ['openpyxl']],
    ['print(df.to_markdown())', ['tabulate']],
    ['df.plot(); print(df.to_markdown())', ['matplotlib', 'tabulate']],
  ])('%s → %j', (code, expected) => {
    expect(lazyPackagesFor(fakePy(LOCK), code)).toEqual(expected);
  });

  it('names nothing for code that needs none of them', () => {
    for (const code of ['np.histogram(x)', 'print("plot")', 'plotting = 1', 'df.describe()'])
      expect(lazyPackagesFor(fakePy(LOCK), code)).toEqual([]);
  });

  it('skips what is loaded already and what the lock does not have', () => {
    expect(lazyPackagesFor(fakePy(LOCK, ['matplotlib']), 'df.plot()')).toEqual([]);
    expect(lazyPackagesFor(fakePy(['matplotlib']), 'df.to_markdown()')).toEqual([]);
  });
});
