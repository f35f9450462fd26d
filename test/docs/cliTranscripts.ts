/**
 * The transcripts in docs/cli.md are the CLI's own output, never typed. Each one sits under a
 * marker comment naming the command, and this module re-runs the command (the built
 * dist/cli.js, on the bundled samples) and rebuilds the block:
 *
 *     <!-- cli: check sample-workspaces/accelerator/forgotten-flag.mmlab --design private_soft -->
 *     ```
 *     $ npx mmlab check sample-workspaces/accelerator/forgotten-flag.mmlab --design private_soft
 *     (stdout, then stderr)
 *     ```
 *
 * Filters after ` | ` keep the block short:
 * `head N` (the first N lines, then `...` when more follow), `ends N M` (the first N and the
 * last M lines), `from "TEXT" N` (N lines from the first line containing TEXT; `...` marks
 * what was left out), `json N` (a JSON report with each array cut to N items, one a line, and a long
 * record to its first 8 fields). Commands run in a scratch folder that links `sample-workspaces`
 * and `test`, so the paths print as written and `map -o map.html` writes nothing in the checkout.
 *
 * `npm run docs:cli` checks; `UPDATE_GOLDENS=1 npm run docs:cli` rewrites the doc.
 * test/docs/cli.test.ts checks every block in `npm test`.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const DOC = path.join(ROOT, 'docs/cli.md');
const CLI = path.join(ROOT, 'dist/cli.js');
const MARKER = /^<!-- cli: (.+?) -->$/;

export interface Block {
  /** 1-based line of the marker in the doc */
  line: number;
  marker: string;
  /** the lines between the fences, as in the doc */
  current: string[];
  /** [first, last) line indexes (0-based) of the content between the fences */
  body: [number, number];
}

/** The marked blocks of a doc (a marker not followed by a fenced block is an error). */
export function markedBlocks(doc: string): Block[] {
  const lines = doc.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!MARKER.test(lines[i])) continue;
    if (!/^```/.test(lines[i + 1] ?? '')) throw new Error(`docs/cli.md:${i + 1}: a cli marker must be followed by a fenced block`);
    let end = i + 2;
    while (end < lines.length && lines[end] !== '```') end++;
    if (end >= lines.length) throw new Error(`docs/cli.md:${i + 1}: the block after the marker is not closed`);
    out.push({ line: i + 1, marker: lines[i], current: lines.slice(i + 2, end), body: [i + 2, end] });
  }
  return out;
}

/** `a "b c" d` → ['a', 'b c', 'd'] (the doc's commands need no other quoting) */
function words(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function applyFilter(lines: string[], filter: string[]): string[] {
  const [name, ...args] = filter;
  if (name === 'head') {
    const n = Number(args[0]);
    return lines.length > n ? [...lines.slice(0, n), '...'] : lines;
  }
  if (name === 'ends') {
    const [a, b] = args.map(Number);
    return lines.length > a + b ? [...lines.slice(0, a), '...', ...lines.slice(lines.length - b)] : lines;
  }
  if (name === 'from') {
    const at = lines.findIndex((l) => l.includes(args[0]));
    if (at < 0) throw new Error(`no output line contains ${JSON.stringify(args[0])}`);
    const end = at + Number(args[1]);
    return [...(at > 0 ? ['...'] : []), ...lines.slice(at, end), ...(end < lines.length ? ['...'] : [])];
  }
  if (name === 'json') return abridgedJson(JSON.parse(lines.join('\n')), Number(args[0]));
  throw new Error(`unknown filter \`${name}\` (head N, ends N M, from "TEXT" N, json N)`);
}

/** A JSON report's shape: each top-level field on its line, arrays cut to their first N items, one item a line. */
function abridgedJson(v: Record<string, unknown>, n: number): string[] {
  const out = ['{'];
  const keys = Object.keys(v);
  keys.forEach((k, i) => {
    const comma = i < keys.length - 1 ? ',' : '';
    const x = v[k];
    if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length > 8) {
      // a long record (the vmstat counters): its first 8 fields
      const e = Object.entries(x);
      out.push(`  ${JSON.stringify(k)}: {${e.slice(0, 8).map(([a, b]) => `${JSON.stringify(a)}:${JSON.stringify(b)}`).join(',')}, ... ${e.length - 8} more}${comma}`);
      return;
    }
    if (!Array.isArray(x) || !x.length) {
      out.push(`  ${JSON.stringify(k)}: ${JSON.stringify(x)}${comma}`);
      return;
    }
    out.push(`  ${JSON.stringify(k)}: [`);
    x.slice(0, n).forEach((item, j) => out.push(`    ${JSON.stringify(item)}${j < Math.min(n, x.length) - 1 || x.length > n ? ',' : ''}`));
    if (x.length > n) out.push(`    ... ${x.length - n} more`);
    out.push(`  ]${comma}`);
  });
  out.push('}');
  return out;
}

/** The block's content as the CLI produces it now. */
export function produce(marker: string, scratch: string): string[] {
  const [, spec] = MARKER.exec(marker)!;
  const [command, ...filters] = spec.split(' | ');
  const args = words(command);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: scratch, encoding: 'utf8', timeout: 120000, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  let lines = `${r.stdout}${r.stderr}`.replace(/\n+$/, '').split('\n');
  for (const f of filters) lines = applyFilter(lines, words(f));
  return [`$ npx mmlab ${command}`, ...lines];
}

/** A scratch folder in which the doc's relative paths resolve to the checkout's samples and fixtures. */
export function scratchDir(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmlab-cli-doc-'));
  for (const d of ['sample-workspaces', 'test']) symlinkSync(path.join(ROOT, d), path.join(dir, d), 'dir');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function ensureBuilt(force = false): void {
  if (!force && existsSync(CLI)) return;
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
}

/** The doc with every marked block as the CLI produces it now. */
export function regenerate(doc: string, scratch: string): string {
  const lines = doc.split('\n');
  // from the last block up, so earlier indexes stay valid
  for (const b of markedBlocks(doc).reverse()) lines.splice(b.body[0], b.body[1] - b.body[0], ...produce(b.marker, scratch));
  return lines.join('\n');
}

if (require.main === module) {
  ensureBuilt(true);
  const { dir, dispose } = scratchDir();
  try {
    const doc = readFileSync(DOC, 'utf8');
    const next = regenerate(doc, dir);
    if (next === doc) console.log(`docs/cli.md: ${markedBlocks(doc).length} transcripts match the CLI`);
    else if (process.env.UPDATE_GOLDENS === '1') {
      writeFileSync(DOC, next);
      console.log('docs/cli.md: transcripts rewritten from the CLI');
    } else {
      const a = doc.split('\n');
      const b = next.split('\n');
      const at = a.findIndex((l, i) => l !== b[i]);
      console.error(`docs/cli.md differs from the CLI's output from line ${at + 1}:\n  doc: ${a[at]}\n  cli: ${b[at]}\nRewrite with UPDATE_GOLDENS=1 npm run docs:cli`);
      process.exitCode = 1;
    }
  } finally {
    dispose();
  }
}
