/**
 * One batch of fuzz cases for `npm run fuzz` (test/fuzz/run.mjs), in its own
 * process so that a case that hangs can be killed and reported without losing
 * the rest. Protocol on stdout, one line each: `CASE i` before case i runs,
 * `FAIL i <json>` when it fails, `DONE n` at the end. Cases are the fast-check
 * sample of the property's arbitrary for the seed, so case i is reproducible
 * from (property, seed, i) alone.
 *
 *   node --require tsx/cjs test/fuzz/worker.ts PROPERTY SEED START COUNT [BATCH_START]
 */
import fc from 'fast-check';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { parse } from '../../server/src/syntax/parser';
import { anyScenarioArb, mutatedArb, scenarioArb, tokenSoupArb } from './arbitraries';
import { seeds } from './corpus';
import { BAD_FRAMES, checkFramingStream } from './framing';
import { checkFormatting, checkPipeline, PipelineFailure } from './pipeline';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/analysis/completion';
import { definitionAt } from '../../server/src/analysis/definition';
import { hoverAt } from '../../server/src/analysis/hover';
import { highlightsAt, referencesAt } from '../../server/src/analysis/references';
import { prepareRename } from '../../server/src/analysis/rename';
import { signatureAt } from '../../server/src/analysis/signatureHelp';

/** Every position-taking feature at EVERY offset of the document (the pipeline property samples offsets). */
function checkEveryOffset(text: string): void {
  const f = analyzeFull(text, { maxSteps: 5000, maxMs: 200 });
  const ctx = { stat: f, run: f.run, design: f.design, diagnostics: f.allDiagnostics };
  const inside = (s: { start: number; end: number } | undefined, what: string, o: number) => {
    if (s && !(s.start >= 0 && s.start <= s.end && s.end <= text.length)) throw new PipelineFailure('analysis', `${what}@${o}`, `span ${JSON.stringify(s)} outside the document`);
  };
  for (let o = 0; o <= text.length; o++) {
    try {
      inside(hoverAt(ctx, o)?.span, 'hoverAt', o);
      for (const c of completionsAt(ctx, o)) inside(c.replace, 'completionsAt', o);
      signatureAt(ctx, o);
      inside(definitionAt(ctx, o), 'definitionAt', o);
      for (const h of highlightsAt(ctx, o)) inside(h.span, 'highlightsAt', o);
      for (const r of referencesAt(ctx, o, true)) inside(r, 'referencesAt', o);
      const pr = prepareRename(ctx, o);
      if ('span' in pr) inside(pr.span, 'prepareRename', o);
    } catch (e) {
      if (e instanceof PipelineFailure) throw e;
      throw new PipelineFailure('analysis', `offset ${o}`, e instanceof Error ? e.message : String(e), e);
    }
  }
}

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
  offsets: { arb: () => mutatedArb(seeds(), false).map((m) => m.text).filter((t) => t.length < 6000), check: checkEveryOffset },
  // the base-protocol reader over random streams of good and malformed frames, randomly chunked
  framing: {
    arb: () =>
      fc
        .tuple(fc.array(fc.oneof(fc.constant(-1), fc.nat(BAD_FRAMES.length - 2)), { maxLength: 16 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 24 }))
        .map(([plan, cuts]) => JSON.stringify({ plan, cuts })),
    check: (t) => {
      const { plan, cuts } = JSON.parse(t) as { plan: number[]; cuts: number[] };
      try {
        checkFramingStream(plan, cuts);
      } catch (e) {
        throw new PipelineFailure('framing', 'stream', e instanceof Error ? e.message : String(e), e);
      }
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

/**
 * Case `index` of a property. With `batchStart` (the long mode), the batch starting there has its
 * own seed and samples only its own cases: sampling every case from 0 made batch k cost O(k).
 */
export function caseText(property: string, seed: number, index: number, batchStart?: number): string {
  if (batchStart !== undefined) return fc.sample(PROPERTIES[property].arb(), { seed: batchSeed(seed, batchStart), numRuns: index - batchStart + 1 })[index - batchStart];
  const xs = fc.sample(PROPERTIES[property].arb(), { seed, numRuns: index + 1 });
  return xs[index];
}

export function batchSeed(seed: number, start: number): number {
  return (seed + Math.imul(start + 1, 0x9e3779b1)) | 0;
}

function main(): void {
  const [property, seedArg, startArg, countArg, batchArg] = process.argv.slice(2);
  const p = PROPERTIES[property];
  if (!p) throw new Error(`unknown property ${property}; one of ${Object.keys(PROPERTIES).join(', ')}`);
  const seed = Number(seedArg);
  const start = Number(startArg);
  const count = Number(countArg);
  // BATCH_START (long mode): the batch's own seed; a batch resumed after a hang keeps it
  const batchStart = batchArg === undefined ? undefined : Number(batchArg);
  const texts =
    batchStart === undefined
      ? fc.sample(p.arb(), { seed, numRuns: start + count }).slice(start)
      : fc.sample(p.arb(), { seed: batchSeed(seed, batchStart), numRuns: start - batchStart + count }).slice(start - batchStart);
  // wall clock and CPU time: on a loaded machine a niced worker's wall clock says more about its
  // neighbours than about the case (format #5907: 55.6 s of wall clock was 1-2 s of CPU)
  let slowest = { index: -1, ms: 0, cpuMs: 0 };
  let slowestCpu = { index: -1, ms: 0 };
  texts.forEach((text, k) => {
    const i = start + k;
    process.stdout.write(`CASE ${i}\n`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      p.check(text);
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const cpuMs = (c.user + c.system) / 1000;
      if (ms > slowest.ms) slowest = { index: i, ms, cpuMs };
      if (cpuMs > slowestCpu.ms) slowestCpu = { index: i, ms: cpuMs };
    } catch (e) {
      const layer = e instanceof PipelineFailure ? e.layer : 'unknown';
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stdout.write(`FAIL ${i} ${JSON.stringify({ layer, message: message.slice(0, 4000), text })}\n`);
    }
  });
  // figures for the long mode's record: the slowest case and this process's peak RSS (KiB)
  process.stdout.write(`STATS ${JSON.stringify({ slowest, slowestCpu, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  process.stdout.write(`DONE ${texts.length}\n`);
}

if (require.main === module) main();
