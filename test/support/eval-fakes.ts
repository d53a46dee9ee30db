// Scripted FAKE model replies for testing the evaluation runner (not a model, not results):
// - dontKnow: always answers "I don't know" without code (must score 0 %);
// - referencePlayer: plays each task's reference solution as a CodeAct action, then answers
//   with the last line of the observation it got back (must score 100 % strict).
import fs from 'node:fs';
import path from 'node:path';
import type { ChatRequestBody } from './fake-openai-server';

export interface SuiteTask {
  id: string;
  group: string;
  prompt: string;
  reference: string;
  /** The expected answer (its kind decides how the checker compares). */
  answer: { kind: string; value?: unknown };
  requires: { packages?: string[] };
}

/** The suite's task files, read from eval/tasks (the same ones the app bundles). */
export function readSuite(root = process.cwd()): SuiteTask[] {
  const dir = path.join(root, 'eval', 'tasks');
  return ['data', 'compute', 'tools'].flatMap((g) =>
    fs
      .readdirSync(path.join(dir, g))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, g, f), 'utf8')) as SuiteTask),
  );
}

export const DONT_KNOW = "I don't know.";

export function dontKnow(): string {
  return DONT_KNOW;
}

export function referencePlayer(tasks: SuiteTask[]): (body: ChatRequestBody) => string {
  return (body) => {
    const messages = body.messages ?? [];
    const firstUser = messages.find((m) => m.role === 'user')?.content ?? '';
    const task = tasks.find((t) => firstUser.includes(t.prompt));
    if (!task) return 'fake reference player: no task matches this conversation';
    if (!messages.some((m) => m.role === 'assistant'))
      return `Let me compute it.\n<execute>\n${task.reference}\n</execute>`;
    const observation = messages.at(-1)?.content ?? '';
    const lines = observation.split('\n').filter((l) => l.trim() !== '');
    return lines.at(-1)?.trim() ?? '';
  };
}
