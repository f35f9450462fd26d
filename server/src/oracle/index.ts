/**
 * `mmlab oracle FILE... [--json]`: run scenarios on a real Linux kernel (the pinned Debian 6.12 under
 * QEMU TCG) and on the emulator under `stock`, and print statement by statement where they agree.
 * Exit status: 0 when every compared statement agrees, 1 when some differ, 2 when the oracle could
 * not run (provisioning, boot, unreadable file).
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { parse } from '../syntax/parser';
import { lower } from '../model/lower';
import { Program } from '../model/ir';
import { addTally, compareScenario, StmtVerdict, Tally, tally } from './compare';
import { emulatorObservations, runEmulator } from './emulator';
import { oracleEnv } from './env';
import { BatchTiming, runOnKernel } from './kernel';
import { StmtObservation } from './observe';
import { OracleEnv } from './qemu';
import { translate, Translation } from './translate';

export interface Prepared {
  file: string;
  source: string;
  program: Program;
  tr: Translation;
}

export function prepare(file: string): Prepared {
  const source = readFileSync(file, 'utf8');
  const { program } = lower(parse(source));
  const tr = translate(basename(file).replace(/\.mmlab$/, ''), program, source);
  return { file, source, program, tr };
}

export function emulate(p: Prepared): { observations: StmtObservation[]; error?: string } {
  try {
    return { observations: emulatorObservations(p.tr, runEmulator(p.program)) };
  } catch (e) {
    return { observations: [], error: `the emulator threw: ${(e as Error).message}` };
  }
}

export interface FileReport {
  file: string;
  mode: string;
  whole?: string;
  notes: Translation['notes'];
  scaled: Translation['scaled'];
  emulatorError?: string;
  statements: StmtVerdict[];
  tally: Tally;
}

export interface OracleReport {
  kernel: string;
  debVersion: string;
  boots: BatchTiming[];
  wallMs: number;
  files: FileReport[];
  total: Tally;
  /** agree / compared */
  agreement: number;
}

export function fileReport(p: Prepared, kernel: StmtObservation[], other: StmtObservation[], emulatorError?: string): FileReport {
  const statements = compareScenario(p.tr, kernel, other);
  return {
    file: p.file,
    mode: p.tr.mode,
    ...(p.tr.whole ? { whole: p.tr.whole } : {}),
    notes: p.tr.notes,
    scaled: p.tr.scaled,
    ...(emulatorError ? { emulatorError } : {}),
    statements,
    tally: tally(statements),
  };
}

/**
 * The suite's families: a scenario file's first letter (a01-…: placement, …, p01-…: pressure). The
 * pressure family is reclaim, demotion, swap and OOM under memory pressure.
 */
export const FAMILY_NAMES: Record<string, string> = { p: 'pressure: reclaim, demotion, swap, OOM' };

export function familyOf(file: string): string {
  return /^([a-z])\d/.exec(basename(file))?.[1] ?? '?';
}

/** agreement per family, in family order */
export function familyTotals(files: FileReport[]): { family: string; total: Tally; agreement: number }[] {
  const by = new Map<string, FileReport[]>();
  for (const f of files) (by.get(familyOf(f.file)) ?? by.set(familyOf(f.file), []).get(familyOf(f.file))!).push(f);
  return [...by.keys()].sort().map((family) => ({ family, ...totals(by.get(family)!) }));
}

export function familyLines(files: FileReport[]): string[] {
  return familyTotals(files).map(({ family, total: t, agreement }) => {
    const name = FAMILY_NAMES[family] ? ` (${FAMILY_NAMES[family]})` : '';
    return `  family ${family}${name}: ${t.agree}/${t.compared} agree (${(agreement * 100).toFixed(1)}%); ${t.differ} differ; ${t.notComparable} not comparable; ${by(files, family)} file(s)`;
  });
}

function by(files: FileReport[], family: string): number {
  return files.filter((f) => familyOf(f.file) === family).length;
}

export function totals(files: FileReport[]): { total: Tally; agreement: number } {
  const total = files.reduce((t, f) => addTally(t, f.tally), { statements: 0, compared: 0, agree: 0, differ: 0, notComparable: 0 } as Tally);
  return { total, agreement: total.compared ? total.agree / total.compared : 1 };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + '…' : s + ' '.repeat(n - s.length);
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function renderText(r: OracleReport, labels = { a: 'kernel', b: 'emulator' }): string {
  const out: string[] = [];
  const bootS = r.boots.map((b) => (b.wallMs / 1000).toFixed(1)).join(' + ');
  out.push(
    r.boots.length
      ? `oracle: Linux ${r.kernel} (Debian ${r.debVersion}) under QEMU TCG vs the emulator (design stock)`
      : `oracle: the recorded answers of Linux ${r.kernel} (${r.debVersion}) vs the emulator (design stock)`,
  );
  if (r.boots.length) out.push(`boots: ${r.boots.length} (${bootS} s), wall ${(r.wallMs / 1000).toFixed(1)} s`);
  for (const f of r.files) {
    out.push('', `== ${relative(process.cwd(), f.file) || f.file}  [${f.mode === 'exact' ? 'exact placement' : 'fill: nodes by share'}]`);
    if (f.whole) out.push(`  not comparable: ${f.whole}`);
    if (f.emulatorError) out.push(`  ${f.emulatorError}`);
    for (const s of f.scaled) out.push(`  scaled: node ${s.node} ${s.fromMiB} MiB -> ${s.toMiB} MiB on the oracle`);
    for (const n of f.notes) out.push(`  note L${n.line}: ${n.reason}`);
    for (const s of f.statements) {
      const head = `  L${String(s.line).padEnd(4)} ${pad(s.text, 46)} `;
      if (s.verdict === 'nc') out.push(`${head}n/c     ${s.reason ?? ''}`);
      else if (s.verdict === 'agree') out.push(`${head}agree   ${s.kernel ?? ''}`);
      else {
        out.push(`${head}DIFFER`);
        for (const d of s.diffs ?? []) out.push(`        ${d.field}: ${labels.a} ${show(d.kernel)} | ${labels.b} ${show(d.emulator)}`);
      }
    }
    const t = f.tally;
    out.push(`  ${t.statements} statements: ${t.compared} compared, ${t.agree} agree, ${t.differ} differ, ${t.notComparable} not comparable`);
  }
  const t = r.total;
  out.push(
    '',
    `agreement: ${t.agree}/${t.compared} compared statements agree (${(r.agreement * 100).toFixed(1)}%); ${t.differ} differ; ${t.notComparable} not comparable; ${r.files.length} file(s), ${t.statements} statements`,
  );
  if (new Set(r.files.map((f) => familyOf(f.file))).size > 1) out.push('per family:', ...familyLines(r.files));
  return out.join('\n') + '\n';
}

export async function runOracle(files: string[], opts: { json?: boolean; cacheDir?: string }): Promise<{ exitCode: number; output: string }> {
  const t0 = Date.now();
  let env: OracleEnv;
  let prepared: Prepared[];
  try {
    prepared = files.map(prepare);
    env = oracleEnv(opts.cacheDir);
  } catch (e) {
    return { exitCode: 2, output: `mmlab oracle: ${(e as Error).message}\n` };
  }
  let kernel;
  try {
    kernel = await runOnKernel(prepared.map((p) => p.tr), env, { log: opts.json ? undefined : (s) => process.stderr.write(s + '\n') });
  } catch (e) {
    return { exitCode: 2, output: `mmlab oracle: ${(e as Error).message}\n` };
  }
  const reports = prepared.map((p) => {
    const k = kernel.runs.get(p.tr)?.observations ?? [];
    const em = emulate(p);
    return fileReport(p, k, em.observations, em.error);
  });
  const { total, agreement } = totals(reports);
  const report: OracleReport = { kernel: env.kernelVersion, debVersion: env.debVersion, boots: kernel.batches, wallMs: Date.now() - t0, files: reports, total, agreement };
  const output = opts.json ? JSON.stringify(report, null, 2) + '\n' : renderText(report);
  return { exitCode: total.differ ? 1 : 0, output };
}
