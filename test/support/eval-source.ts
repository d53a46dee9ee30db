// The evaluation suite read from the repository's eval/ folder (Node tests).
import { readFile } from 'node:fs/promises';
import { SuiteLoadError, type SuiteSource } from '../../src/eval/tasks';

export const EVAL_DIR = new URL('../../eval/', import.meta.url);

export const fileSource: SuiteSource = {
  async readText(path) {
    try {
      return await readFile(new URL(path, EVAL_DIR), 'utf8');
    } catch (e) {
      throw new SuiteLoadError(path, String(e));
    }
  },
};
