// The evaluation suite as part of the app bundle (Vite): every task, data file and checker
// module under eval/ becomes a lazily loaded chunk, so the in-app runner needs no server
// route for eval/. Works in the Vite app and in Vitest; plain Node uses its own SuiteSource.
import { SuiteLoadError, type SuiteSource } from './tasks';

const files = import.meta.glob(
  [
    '/eval/tasks/**/*.json',
    '/eval/files/*',
    '!/eval/files/generate.py',
    '/eval/python/codeact_eval/*.py',
  ],
  { query: '?raw', import: 'default' },
) as Record<string, () => Promise<string>>;

export const bundledSource: SuiteSource = {
  async readText(path) {
    const load = files[`/eval/${path}`];
    if (!load) throw new SuiteLoadError(path, 'it is not part of the app bundle');
    return load();
  },
};
