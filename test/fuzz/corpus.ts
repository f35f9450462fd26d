/**
 * Seed scenarios for mutation fuzzing: every `*.mmlab` the repository holds
 * (sample workspaces and test fixtures). Read at run time so new samples join
 * the corpus without touching the fuzz suite.
 */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');

const SEED_DIRS = ['sample-workspaces', 'test/fixtures', 'test/cli/fixtures', 'test/protocol/fixtures', 'test/cram', 'test/regressions', 'test/e2e/workspace'];

function collect(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') collect(full, out);
    } else if (e.name.endsWith('.mmlab')) out.push(full);
  }
}

export interface Seed {
  file: string;
  text: string;
}

let cache: Seed[] | undefined;

/** Every seed scenario, sorted by path (deterministic order for a fixed fuzz seed). */
export function seeds(): Seed[] {
  if (cache) return cache;
  const files: string[] = [];
  for (const d of SEED_DIRS) collect(path.join(ROOT, d), files);
  cache = [...new Set(files)]
    .sort()
    .map((f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }))
    // a seed over 20 KB makes every property slow without finding more
    .filter((s) => s.text.length < 20_000);
  return cache;
}

/** The sample scenarios only (what a new user opens first). */
export function sampleSeeds(): Seed[] {
  return seeds().filter((s) => s.file.startsWith('sample-workspaces'));
}
