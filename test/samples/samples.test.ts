/**
 * The sample workspaces and the diagnostic docs are part of the product (issue 8):
 * every use case from the seed threads has a folder a new user can open, each with a
 * README and scenarios that carry `expect` lines, and every diagnostic code has the
 * docs page its LSP codeDescription link points at. Whether the expectations hold is
 * checked by `mmlab test sample-workspaces --all-designs` (npm test runs it); this file
 * checks that the material is there and well-formed.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { DIAGNOSTIC_CODES, docsPath } from '../../server/src/common/diagnostics';
import { DESIGNS, ExpectStmt, Stmt, TimelineItem } from '../../server/src/model/ir';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = join(ROOT, 'sample-workspaces');
const DOCS = join(ROOT, 'docs');

/** The use cases of the seed threads (issue 8); cram/ is written separately and checked only if present. */
const REQUIRED_FOLDERS = [
  'cxl-mempolicy',
  'nic-buffers',
  'accelerator',
  'isolation-debate',
  'spm',
  'mbind-caveats',
  'longterm-pins',
  'high-order',
  'zone-device',
];

/** Static diagnostics that mean the scenario is not valid language.md text. */
const FRONT_END_ERRORS = new Set(['syntax', 'unknown-name', 'unknown-flag', 'invalid-argument', 'unknown-sysctl']);

function scenariosIn(folder: string): string[] {
  return readdirSync(join(SAMPLES, folder))
    .filter((f) => f.endsWith('.mmlab'))
    .sort();
}

/** Every expect statement of a program, at top level, in blocks and inside loops. */
function expectations(items: TimelineItem[]): ExpectStmt[] {
  const out: ExpectStmt[] = [];
  const walk = (stmts: (Stmt | TimelineItem)[]): void => {
    for (const s of stmts) {
      if (s.kind === 'expect') out.push(s);
      else if ('body' in s) walk(s.body);
    }
  };
  walk(items);
  return out;
}

describe('sample workspaces', () => {
  it('has the headline scenario npm start compares across designs', () => {
    assert.ok(existsSync(join(SAMPLES, 'isolation-debate', 'shrinker-info.mmlab')));
  });

  for (const folder of REQUIRED_FOLDERS) {
    describe(folder, () => {
      it('exists with a README.md that cites its seed thread and names every scenario', () => {
        const dir = join(SAMPLES, folder);
        assert.ok(existsSync(dir) && statSync(dir).isDirectory(), `${folder}/ is missing`);
        const readmePath = join(dir, 'README.md');
        assert.ok(existsSync(readmePath), `${folder}/README.md is missing`);
        const readme = readFileSync(readmePath, 'utf8');
        // threads are cited by what they are (docs/kernel-rules.md's source tags), never by a file outside the repo
        assert.match(readme, /(v4 review|v2 review|isolation mail), \d{4}-\d\d-\d\d|CRAM device tester/, `${folder}/README.md cites no mailing-list thread`);
        for (const f of scenariosIn(folder)) assert.ok(readme.includes(f), `${folder}/README.md does not describe ${f}`);
      });

      it('has at least two scenarios', () => {
        assert.ok(scenariosIn(folder).length >= 2, `${folder}/ has ${scenariosIn(folder).length} scenario(s)`);
      });

      it('every scenario parses cleanly and carries at least one expect', () => {
        for (const f of scenariosIn(folder)) {
          const text = readFileSync(join(SAMPLES, folder, f), 'utf8');
          const a = analyzeStatic(text);
          const bad = a.diagnostics.filter((d) => FRONT_END_ERRORS.has(d.code));
          assert.deepStrictEqual(
            bad.map((d) => `${d.code}: ${d.message}`),
            [],
            `${folder}/${f} has front-end errors`,
          );
          const xs = expectations(a.program.items);
          assert.ok(xs.length >= 1, `${folder}/${f} has no expect`);
          for (const x of xs) for (const d of x.under ?? []) assert.ok(DESIGNS.includes(d), `${folder}/${f}: unknown design ${d}`);
        }
      });
    });
  }

  it('isolation-debate (the v4 debate) and design-evolution (after v4) check every design somewhere', () => {
    const named = new Set<string>();
    for (const folder of ['isolation-debate', 'design-evolution'])
      for (const f of scenariosIn(folder)) {
        const a = analyzeStatic(readFileSync(join(SAMPLES, folder, f), 'utf8'));
        for (const x of expectations(a.program.items)) for (const d of x.under ?? []) named.add(d);
      }
    assert.deepStrictEqual([...DESIGNS].filter((d) => !named.has(d)), []);
  });
});

describe('diagnostic documentation', () => {
  const codes = Object.keys(DIAGNOSTIC_CODES);

  it('has one page per diagnostic code, at the path the codeDescription link names', () => {
    const missing = codes.filter((c) => !existsSync(join(DOCS, 'diagnostics', `${c}.md`)));
    assert.deepStrictEqual(missing, []);
    for (const c of codes) assert.ok(existsSync(join(ROOT, docsPath(c))), docsPath(c));
  });

  it('has no page for a code that does not exist', () => {
    const pages = readdirSync(join(DOCS, 'diagnostics')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    assert.deepStrictEqual(
      pages.filter((p) => !codes.includes(p.replace(/\.md$/, ''))),
      [],
    );
  });

  it('every page states the code and its severity as the table defines it', () => {
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      const page = readFileSync(join(DOCS, 'diagnostics', `${code}.md`), 'utf8');
      assert.ok(page.startsWith(`# \`${code}\``), `${code}.md must start with its code as the title`);
      assert.ok(page.includes(`**Severity:** ${info.severity}`), `${code}.md does not state severity ${info.severity}`);
    }
  });
});
