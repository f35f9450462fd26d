/**
 * docs/cli.md's transcripts are produced by the CLI (test/docs/cliTranscripts.ts): each marked
 * block is re-run on the bundled samples and must match the doc line for line.
 * A deliberate change of output: UPDATE_GOLDENS=1 npm run docs:cli.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { DOC, ensureBuilt, markedBlocks, produce, scratchDir } from './cliTranscripts';

describe('docs/cli.md transcripts are the CLI\'s output', function () {
  this.timeout(240000); // spawns the CLI once per block on a shared machine
  const doc = readFileSync(DOC, 'utf8');
  const blocks = markedBlocks(doc);
  let scratch: ReturnType<typeof scratchDir>;
  before(() => {
    ensureBuilt();
    scratch = scratchDir();
  });
  after(() => scratch?.dispose());

  it('every example of a command in the doc is marked with its command', () => {
    assert.ok(blocks.length >= 10, `${blocks.length} marked blocks`);
    // a `$ npx mmlab` line outside a marked block would be a typed transcript
    const lines = doc.split('\n');
    const marked = new Set(blocks.flatMap((b) => Array.from({ length: b.body[1] - b.body[0] }, (_, i) => b.body[0] + i)));
    const typed = lines.map((l, i) => [l, i] as const).filter(([l, i]) => l.startsWith('$ npx mmlab') && !marked.has(i));
    assert.deepStrictEqual(typed.map(([l, i]) => `${i + 1}: ${l}`), []);
  });

  for (const b of blocks) {
    it(`line ${b.line}: ${b.marker.replace(/^<!-- |-->$/g, '').trim()}`, () => {
      const now = produce(b.marker, scratch.dir);
      assert.deepStrictEqual(b.current, now, `docs/cli.md:${b.line} differs from the CLI (UPDATE_GOLDENS=1 npm run docs:cli rewrites it)`);
    });
  }
});
