/**
 * One batch of fuzz cases for `npm run fuzz` (test/fuzz/run.mjs), in its own
 * process so that a case that hangs can be killed and reported without losing
 * the rest. Protocol on stdout, one line each: `CASE i` before case i runs,
 * `FAIL i <json>` when it fails, `DONE n` at the end. Cases are the fast-check
 * sample of the property's arbitrary for the seed, so case i is reproducible
 * from (property, seed, i) alone.
 *
 *   node --require tsx/cjs test/fuzz/worker.ts PROPERTY SEED START COUNT
 */
import fc from 'fast-check';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { parse } from '../../server/src/syntax/parser';
import { anyScenarioArb, mutatedArb, scenarioArb, tokenSoupArb } from './arbitraries';
import { seeds } from './corpus';
import { checkFormatting, checkPipeline, PipelineFailure } from './pipeline';

export const PROPERTIES: Record<string, { arb: () => fc.Arbitrary<string>; check: (text: string) => void }> = {
  'pipeline-random': { arb: () => scenarioArb, check: (t) => void checkPipeline(t, { maxSteps: 5000, maxMs: 200, offsets: 32 }) },
  'pipeline-mutated': { arb: () => anyScenarioArb(seeds(), true), check: (t) => void checkPipeline(t, { maxSteps: 5000, maxMs: 200, offsets: 32 }) },
  format: {
    arb: () => mutatedArb(seeds(), true).map((m) => m.text),
    check: (t) => {
      const stat = analyzeStatic(t);
      checkFormatting(t, { stat, design: 'private_v4', diagnostics: stat.diagnostics });
    },
  },
  parse: {
    arb: () => fc.oneof(tokenSoupArb, fc.string({ unit: 'binary', maxLength: 2000 })),
    check: (t) => {
      const p = parse(t);
      if (p.tokens.map((x) => x.text).join('') !== t) throw new PipelineFailure('parse', 'tokens', 'not lossless');
    },
  },
};

export function caseText(property: string, seed: number, index: number): string {
  const xs = fc.sample(PROPERTIES[property].arb(), { seed, numRuns: index + 1 });
  return xs[index];
}

function main(): void {
  const [property, seedArg, startArg, countArg] = process.argv.slice(2);
  const p = PROPERTIES[property];
  if (!p) throw new Error(`unknown property ${property}; one of ${Object.keys(PROPERTIES).join(', ')}`);
  const seed = Number(seedArg);
  const start = Number(startArg);
  const count = Number(countArg);
  const texts = fc.sample(p.arb(), { seed, numRuns: start + count }).slice(start);
  texts.forEach((text, k) => {
    const i = start + k;
    process.stdout.write(`CASE ${i}\n`);
    try {
      p.check(text);
    } catch (e) {
      const layer = e instanceof PipelineFailure ? e.layer : 'unknown';
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stdout.write(`FAIL ${i} ${JSON.stringify({ layer, message: message.slice(0, 4000), text })}\n`);
    }
  });
  process.stdout.write(`DONE ${texts.length}\n`);
}

if (require.main === module) main();
