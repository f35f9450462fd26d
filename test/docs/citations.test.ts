/**
 * Everything the docs and hovers cite resolves inside the repository (issue 12):
 * - no shipped file names the outside reference files (`kernel-semantics`, `spec/language`);
 * - every `§N` / `§N.M` in the docs, the sample workspaces, and the server and client sources
 *   (hovers, diagnostic messages and the vocabulary's docs are string literals there) is a
 *   numbered heading of docs/kernel-rules.md;
 * - every relative Markdown link in the docs points at a file that exists (and, with `#anchor`
 *   into kernel-rules.md, at one of its headings).
 * Files are found by walking the folders, so pages other people add are checked too; a failure
 * names the file, the line and the citation.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const RULES = join(ROOT, 'docs/kernel-rules.md');

function walk(dir: string, exts: string[], out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, exts, out);
    else if (exts.some((x) => e.endsWith(x))) out.push(p);
  }
  return out;
}

/** "3.2" -> GitHub anchor, for every numbered heading of kernel-rules.md */
function ruleHeadings(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(RULES, 'utf8').split('\n')) {
    const h = /^#{2,3} (\d+(?:\.\d+)?)\.? (.*)$/.exec(line);
    if (h) m.set(h[1], anchor(line.replace(/^#+\s*/, '')));
  }
  return m;
}

function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
}

const DOCS = [...walk(join(ROOT, 'docs'), ['.md']), ...walk(join(ROOT, 'sample-workspaces'), ['.md', '.mmlab']), ...['README.md', 'CONTRIBUTING.md'].map((f) => join(ROOT, f)).filter(existsSync)];
const SOURCES = [...walk(join(ROOT, 'server/src'), ['.ts']), ...walk(join(ROOT, 'client/src'), ['.ts'])];

function where(file: string, text: string, index: number): string {
  return `${relative(ROOT, file)}:${text.slice(0, index).split('\n').length}`;
}

describe('docs: citations resolve inside the repository', () => {
  const headings = ruleHeadings();

  it('docs/kernel-rules.md has numbered sections 0 to 13', () => {
    for (let i = 0; i <= 13; i++) assert.ok(headings.has(String(i)), `§${i}`);
    assert.ok(headings.size > 40, `${headings.size} headings`);
  });

  it('no doc, sample, server or client file cites the outside reference files', () => {
    const bad: string[] = [];
    for (const f of [...DOCS, ...SOURCES]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/kernel-semantics|spec\/language/g)) bad.push(`${where(f, text, m.index!)}: ${m[0]}`);
    }
    assert.deepStrictEqual(bad, []);
  });

  it('every § citation in docs, samples and hover/diagnostic sources is a heading of docs/kernel-rules.md', () => {
    const bad: string[] = [];
    let n = 0;
    for (const f of [...DOCS, ...SOURCES]) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/§(\d+(?:\.\d+)?)/g)) {
        n++;
        if (!headings.has(m[1])) bad.push(`${where(f, text, m.index!)}: §${m[1]}`);
      }
    }
    assert.deepStrictEqual(bad, [], 'citations without a heading in docs/kernel-rules.md');
    assert.ok(n > 100, `${n} citations checked`);
  });

  it('every relative link in the docs points at an existing file (and kernel-rules anchors at a heading)', () => {
    const anchors = new Set(headings.values());
    for (const line of readFileSync(RULES, 'utf8').split('\n')) if (/^#{1,3} /.test(line)) anchors.add(anchor(line.replace(/^#+\s*/, '')));
    const bad: string[] = [];
    for (const f of DOCS.filter((x) => x.endsWith('.md'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
        const [file, hash] = target.split('#');
        const abs = resolve(dirname(f), file);
        if (!existsSync(abs)) bad.push(`${where(f, text, m.index!)}: ${target} (no such file)`);
        else if (hash && abs === RULES && !anchors.has(hash)) bad.push(`${where(f, text, m.index!)}: ${target} (no such heading)`);
      }
    }
    assert.deepStrictEqual(bad, []);
  });
});
