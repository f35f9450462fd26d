import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/model/lower';
import { buildGrammar } from '../../server/src/syntax/textmate';

/**
 * The TextMate grammar: the JSON file is generated from the vocabulary tables
 * (server/src/syntax/textmate.ts; rewritten with UPDATE_GOLDENS=1) and its
 * scopes are asserted by vscode-tmgrammar-test on test/grammar/*.mmlab.
 */
const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR = path.join(ROOT, 'syntaxes/mmlab.tmLanguage.json');

describe('TextMate grammar', () => {
  it('syntaxes/mmlab.tmLanguage.json is the grammar built from the vocabulary tables', () => {
    const built = buildGrammar();
    if (process.env.UPDATE_GOLDENS === '1') fs.writeFileSync(GRAMMAR, JSON.stringify(built, null, 2) + '\n');
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')), JSON.parse(JSON.stringify(built)));
  });

  it('passes vscode-tmgrammar-test on test/grammar/*.mmlab', function () {
    this.timeout(120000);
    const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.mmlab'));
    assert.ok(files.length >= 3, 'grammar test files');
    const bin = path.join(ROOT, 'node_modules/.bin/vscode-tmgrammar-test');
    const r = spawnSync(bin, ['-g', 'syntaxes/mmlab.tmLanguage.json', 'test/grammar/*.mmlab'], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, `vscode-tmgrammar-test failed:\n${r.stdout}\n${r.stderr}`);
    // every file was actually checked
    for (const f of files) assert.ok(r.stdout.includes(f), `${f} not reported:\n${r.stdout}`);
  });

  it('continuation.mmlab is valid mmlab: the grammar continues a line after `|` or `,` exactly where the parser does', () => {
    const text = fs.readFileSync(path.join(__dirname, 'continuation.mmlab'), 'utf8');
    assert.deepStrictEqual(analyzeText(text).diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  });

  it('language-configuration.json declares comments, brackets, pairs, folding and a word pattern with dots', () => {
    const conf = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));
    assert.strictEqual(conf.comments.lineComment, '//');
    assert.deepStrictEqual(conf.comments.blockComment, ['/*', '*/']);
    assert.ok(conf.brackets.some((b: string[]) => b[0] === '{'));
    assert.ok(conf.autoClosingPairs.some((p: { open: string }) => p.open === '"'));
    const word = new RegExp(conf.wordPattern);
    assert.strictEqual(word.exec('  kernel.numa_balancing = 1')?.[0], 'kernel.numa_balancing');
    assert.strictEqual(word.exec('x __GFP_PRIVATE|')?.[0], 'x');
    assert.ok(new RegExp(conf.folding.markers.start).test('// #region machine'));
  });
});
