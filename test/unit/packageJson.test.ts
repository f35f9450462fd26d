import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DESIGN_SUMMARIES, DESIGNS } from '../../server/src/vocab/designs';

/** package.json cannot import the vocabulary: it repeats the design names and summaries, and this keeps them equal. */
describe('package.json says what the vocabulary says', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;

  it('mmlab.design: the designs in order, each with its one-line summary, private_v4 by default; or a declared design\'s name', () => {
    const [builtins, declared] = props['mmlab.design'].anyOf;
    assert.deepStrictEqual(builtins.enum, [...DESIGNS]);
    assert.deepStrictEqual(builtins.enumDescriptions, DESIGNS.map((d) => DESIGN_SUMMARIES[d]));
    assert.strictEqual(props['mmlab.design'].default, 'private_v4');
    assert.ok(new RegExp(declared.pattern).test('my_variant') && !new RegExp(declared.pattern).test('not a name'));
  });

  it('mmlab.compareDesigns: every design offered and shown by default', () => {
    assert.deepStrictEqual(props['mmlab.compareDesigns'].items.anyOf[0].enum, [...DESIGNS]);
    assert.deepStrictEqual(props['mmlab.compareDesigns'].default, [...DESIGNS]);
  });
});
