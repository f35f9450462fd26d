/**
 * The oracle's maintenance commands (package.json scripts):
 *   record [FILE...]   boot the kernel on the suite (default oracle/scenarios/*.mmlab) and rewrite
 *                      the goldens oracle/expected/<kernel>/*.json           (npm run oracle:record)
 *   check  [FILE...]   boot the kernel and check the goldens still hold      (npm run test:oracle)
 *   compare [FILE...]  no boot: the emulator against the goldens, the report the mocha test asserts
 * Ends with a "N passed, N failed" line (check: scenarios whose kernel answers match the goldens).
 * Options of record/check: --jobs=N QEMUs at a time (default 2; 1 on a busy host), --lines=FILE
 * keeps the interpreter's raw JSON lines of every scenario (per-op guest times, timeouts, deaths).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareScenario, tally } from './compare';
import { oracleEnv, repoRoot } from './env';
import { GOLDEN_KERNEL, goldenPath, readGolden, sha256, writeGolden } from './golden';
import { currentDisagreements, knownPath, readKnown, writeKnown } from './known';
import { emulate, familyLines, fileReport, prepare, renderText, totals } from './index';
import { runOnKernel } from './kernel';

function suiteFiles(args: string[]): string[] {
  args = args.filter((a) => !a.startsWith('--'));
  if (args.length) return args.map((a) => resolve(a));
  const dir = join(repoRoot(), 'oracle', 'scenarios');
  return readdirSync(dir).filter((f) => f.endsWith('.mmlab')).sort().map((f) => join(dir, f));
}

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  const files = suiteFiles(rest);
  const root = repoRoot();
  if (cmd === 'compare') {
    const reports = files.map((f) => {
      const p = prepare(f);
      const g = readGolden(goldenPath(root, f));
      const em = emulate(p);
      return fileReport(p, g?.observations ?? [], em.observations, g ? em.error : 'no golden file: run npm run oracle:record');
    });
    const { total, agreement } = totals(reports);
    if (rest.includes('--json')) process.stdout.write(JSON.stringify({ files: reports, total, agreement }, null, 1) + '\n');
    else process.stdout.write(renderText({ kernel: GOLDEN_KERNEL, debVersion: 'golden files', boots: [], wallMs: 0, files: reports, total, agreement }));
    if (rest.includes('--write-known')) {
      const path = knownPath(root);
      const old = readKnown(path);
      writeKnown(path, currentDisagreements(reports, old));
      process.stdout.write(`wrote ${path.slice(root.length + 1)}\n`);
    }
    return 0;
  }
  if (cmd !== 'record' && cmd !== 'check') {
    process.stderr.write('usage: main.ts record|check|compare [FILE...]\n');
    return 2;
  }
  const env = oracleEnv();
  const prepared = files.map(prepare);
  const t0 = Date.now();
  const opt = (name: string) => rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const jobs = Number(opt('jobs') ?? 2);
  const kernel = await runOnKernel(prepared.map((p) => p.tr), env, { concurrency: jobs >= 1 ? Math.floor(jobs) : 2, log: (s) => process.stderr.write(s + '\n') });
  const wall = Date.now() - t0;
  const linesFile = opt('lines');
  if (linesFile) writeFileSync(linesFile, [...kernel.runs.values()].flatMap((r) => r.lines.map((l) => JSON.stringify(l))).join('\n') + '\n');
  let passed = 0;
  let failed = 0;
  let drift = 0;
  for (const p of prepared) {
    const run = kernel.runs.get(p.tr);
    const path = goldenPath(root, p.file, env.kernelVersion);
    const bootFailed = kernel.failed.get(p.tr);
    if (bootFailed) {
      process.stdout.write(`FAIL ${p.tr.name}: its boot failed twice (${bootFailed})\n`);
      failed++;
      continue;
    }
    if (cmd === 'record') {
      if (!run) {
        process.stdout.write(`skip ${p.tr.name}: ${p.tr.whole}\n`);
        continue;
      }
      writeGolden(path, {
        kernel: env.kernelVersion,
        debVersion: env.debVersion,
        scenario: `oracle/scenarios/${p.tr.name}.mmlab`,
        sourceSha256: sha256(p.source),
        mode: p.tr.mode,
        topology: p.tr.topo,
        ...(p.tr.scaled.length ? { scaled: p.tr.scaled } : {}),
        notes: p.tr.notes,
        nodeFreeKiB: run.nodeFreeKiB,
        observations: run.observations,
      });
      process.stdout.write(`recorded ${path.slice(root.length + 1)} (${run.observations.length} statements, guest ${run.guestMs?.toFixed(0)} ms)\n`);
      passed++;
      continue;
    }
    const g = readGolden(path);
    if (!run) continue;
    if (!g) {
      process.stdout.write(`FAIL ${p.tr.name}: no golden at ${path}\n`);
      failed++;
      continue;
    }
    if (g.sourceSha256 !== sha256(p.source)) {
      process.stdout.write(`FAIL ${p.tr.name}: the golden was recorded for other scenario text (re-record)\n`);
      failed++;
      continue;
    }
    const vs = compareScenario(p.tr, g.observations, run.observations);
    const t = tally(vs);
    if (t.differ && p.tr.pressure) {
      // The pressure family depends on timing (kswapd runs beside the task, swap I/O of a TCG
      // guest on a loaded host): a boot may answer differently from the recorded one. Reported,
      // counted, never a failure; the goldens stay the reference the emulator is held to.
      drift++;
      process.stdout.write(`DRIFT ${p.tr.name}: this boot answered differently from the golden (pressure: timing-dependent)\n`);
      for (const v of vs.filter((x) => x.verdict === 'differ'))
        for (const d of v.diffs ?? []) process.stdout.write(`  L${v.line} ${v.text}: ${d.field}: golden ${JSON.stringify(d.kernel)} now ${JSON.stringify(d.emulator)}\n`);
      passed++;
    } else if (t.differ) {
      failed++;
      process.stdout.write(`FAIL ${p.tr.name}: the kernel no longer gives the recorded answer\n`);
      for (const v of vs.filter((x) => x.verdict === 'differ'))
        for (const d of v.diffs ?? []) process.stdout.write(`  L${v.line} ${v.text}: ${d.field}: golden ${JSON.stringify(d.kernel)} now ${JSON.stringify(d.emulator)}\n`);
    } else passed++;
  }
  // the emulator against this boot's answers, per family (the figure DISAGREEMENTS.md quotes)
  const reports = prepared
    .filter((p) => kernel.runs.has(p.tr))
    .map((p) => {
      const em = emulate(p);
      return fileReport(p, kernel.runs.get(p.tr)!.observations, em.observations, em.error);
    });
  if (reports.length) {
    const { total: t, agreement } = totals(reports);
    process.stdout.write(`emulator vs this kernel run: ${t.agree}/${t.compared} compared statements agree (${(agreement * 100).toFixed(1)}%); ${t.differ} differ; ${t.notComparable} not comparable\n`);
    for (const l of familyLines(reports)) process.stdout.write(`${l}\n`);
  }
  const bootsS = kernel.batches.map((b) => `${b.scenarios.length} scenarios in ${(b.wallMs / 1000).toFixed(1)} s (boot ${b.bootSeconds?.toFixed(1)} s)`);
  process.stdout.write(`kernel ${env.kernelVersion}: ${kernel.batches.length} boots: ${bootsS.join('; ')}; wall ${(wall / 1000).toFixed(1)} s\n`);
  if (drift) process.stdout.write(`pressure family: ${drift} scenario(s) drifted from their goldens in this boot (not failures)\n`);
  process.stdout.write(`oracle: ${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`oracle: ${(e as Error).stack ?? e}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(2);
  },
);
