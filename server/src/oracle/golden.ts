/**
 * Golden files: the kernel's answers for the oracle suite, one JSON file per scenario under
 * oracle/expected/<kernel version>/<scenario>.json. They are rewritten only by the record command
 * (`npm run oracle:record`); the mocha test compares the emulator against them without booting.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StmtObservation } from './observe';
import { GuestTopology } from './qemu';
import { CompareMode, NotComparable } from './translate';

/** The kernel the checked-in goldens were recorded with (tools/oracle/setup.sh pins it). */
export const GOLDEN_KERNEL = '6.12.117';

export interface Golden {
  kernel: string;
  debVersion: string;
  scenario: string;
  /** sha256 of the scenario text: a golden for other text is stale */
  sourceSha256: string;
  mode: CompareMode;
  topology: GuestTopology;
  scaled?: { node: number; fromMiB: number; toMiB: number }[];
  notes: NotComparable[];
  /** per-node [free, total] KiB at the scenario's start: how much the kernel itself uses */
  nodeFreeKiB?: Record<string, [number, number]>;
  observations: StmtObservation[];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function goldenPath(root: string, scenarioFile: string, kernel = GOLDEN_KERNEL): string {
  return join(root, 'oracle', 'expected', kernel, basename(scenarioFile).replace(/\.mmlab$/, '') + '.json');
}

export function readGolden(path: string): Golden | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as Golden;
}

export function writeGolden(path: string, g: Golden): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(g, null, 1) + '\n');
}
