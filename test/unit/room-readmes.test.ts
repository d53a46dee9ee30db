// Every room (src/*, workers/*) has a README that names its modules, so the map cannot drift
// from the tree: a module added without a line in its room's README fails here. A folder with a
// README of its own (a sub-room) is covered by that README instead.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULE = /\.(ts|svelte|mjs|py)$/;
const NOT_A_MODULE = /(\.d\.m?ts|\.test\.ts)$|^__init__\.py$/;

const rooms = ['src', 'workers'].flatMap((top) =>
  fs
    .readdirSync(top, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(top, d.name)),
);

/** Modules under `dir` that `dir/README.md` must name (deeper READMEs take their own folders). */
function modulesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return fs.existsSync(path.join(p, 'README.md')) ? [] : modulesOf(p);
    return MODULE.test(e.name) && !NOT_A_MODULE.test(e.name) ? [p] : [];
  });
}

/** Every folder under `room` with a README: the room itself and its sub-rooms. */
function readmeDirs(dir: string): string[] {
  const here = fs.existsSync(path.join(dir, 'README.md')) ? [dir] : [];
  const below = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => readmeDirs(path.join(dir, e.name)));
  return [...here, ...below];
}

// Being rebuilt as backend slices on another branch (feat/engine), which writes their READMEs:
// remove them from this list when that branch is merged.
const PENDING = new Set(['src/engine', 'workers/llm']);
const checked = rooms.filter((r) => !PENDING.has(r));

describe('room READMEs', () => {
  it.skip.each([...PENDING])('%s (pending: feat/engine writes its README)', () => {});

  it.each(checked)('%s has a README', (room) => {
    expect(fs.existsSync(path.join(room, 'README.md'))).toBe(true);
  });

  it.each(checked)('%s: its READMEs name every module', (room) => {
    const missing = readmeDirs(room).flatMap((dir) => {
      const text = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
      return modulesOf(dir).filter((m) => !text.includes(path.basename(m)));
    });
    expect(missing, 'add each to its room’s README (one line: what it is)').toEqual([]);
  });
});
