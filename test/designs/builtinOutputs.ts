/**
 * The `run --json` output of every sample and oracle scenario (and, when ../shared is
 * beside the checkout, every outside conformance scenario) under each of the six
 * designs that were compiled into the emulator before designs became declarations.
 * test/designs/builtins.test.ts compares today's output with the outputs captured
 * from the last commit with hand-written design objects (builtins.golden.jsonl).
 */
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { toJsonReport } from '../../server/src/cli/report';
import { DesignName } from '../../server/src/model/ir';

export const ROOT = path.resolve(__dirname, '../..');
export const SHARED_CONFORMANCE = path.resolve(ROOT, '../shared/conformance');
/** the six designs captured before the move (the list is frozen: later designs are not part of the claim) */
export const CAPTURED_DESIGNS = ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device'] as DesignName[];

function mmlabFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (statSync(full).isDirectory()) mmlabFiles(full, out);
    else if (e.endsWith('.mmlab')) out.push(full);
  }
  return out;
}

/** repository files whose outputs are stored verbatim (relative, '/'-separated) */
export function repoScenarios(): string[] {
  return [...mmlabFiles(path.join(ROOT, 'sample-workspaces')), ...mmlabFiles(path.join(ROOT, 'oracle/scenarios'))].map((f) =>
    path.relative(ROOT, f).split(path.sep).join('/'),
  );
}

/** outside conformance files (stored only as hashes: their text is not ours to copy) */
export function conformanceScenarios(): string[] {
  return mmlabFiles(SHARED_CONFORMANCE).map((f) => path.basename(f));
}

/** exactly what `mmlab run FILE --json --design D` prints for this file */
export function runJson(file: string, text: string, design: DesignName): string {
  return JSON.stringify(toJsonReport(file, analyzeFull(text, { design })), null, 2);
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export interface GoldenLine {
  file: string;
  /** design -> the output (parsed: stored without the escaping a string needs), or "=OTHER" when byte-identical to an earlier design's */
  outputs?: Record<string, unknown>;
  /** design -> sha256 of the output (conformance files) */
  hashes?: Record<string, string>;
}

export function captureRepoFile(rel: string): GoldenLine {
  const text = readFileSync(path.join(ROOT, rel), 'utf8');
  const outputs: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  for (const d of CAPTURED_DESIGNS) {
    const out = runJson(rel, text, d).replace(`"design": "${d}"`, '"design": "$DESIGN"');
    const same = seen.get(out);
    outputs[d] = same ? `=${same}` : JSON.parse(out);
    if (!same) seen.set(out, d);
  }
  return { file: rel, outputs };
}

export function captureConformanceFile(name: string): GoldenLine {
  const text = readFileSync(path.join(SHARED_CONFORMANCE, name), 'utf8');
  const hashes: Record<string, string> = {};
  for (const d of CAPTURED_DESIGNS) hashes[d] = sha256(runJson(`conformance/${name}`, text, d));
  return { file: `conformance/${name}`, hashes };
}

/** the output a golden line stores for a design, with its design name put back */
export function storedOutput(line: GoldenLine, design: string): string | undefined {
  let v = line.outputs?.[design];
  if (typeof v === 'string') v = line.outputs?.[v.slice(1)];
  return v === undefined ? undefined : JSON.stringify(v, null, 2).replace('"design": "$DESIGN"', `"design": "${design}"`);
}
