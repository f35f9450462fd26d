import { analyzeStatic, comparedDesigns, designFor, runStatic } from '../../analysis/analyze';
import { unclaimedStaticErrors } from '../../analysis/timeline';
import { DesignName } from '../../model/ir';
import { expectationStatus } from '../../mm/result';
import { CliOptions } from '../args';
import { collectScenarioFiles, readScenario } from '../files';
import { diagnosticLine, lineCol, sortedDiagnostics, toJsonReport, JsonReport } from '../report';
import { budgetOptions, checkDesignNames, CommandResult, DIAGNOSTICS_ONLY, json } from './common';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  notBinding: number;
}

/**
 * `mmlab test PATH...`: every *.mmlab under the paths, each under its own design (or --design).
 * With --all-designs each file also runs under every other design. Every surface follows one
 * expectation rule (run/result.ts): an expectation without `under` binds only under the file's
 * own design; elsewhere it is evaluated and reported as not binding, and never fails.
 *
 * No silent verdicts: a file with an error-severity static diagnostic fails (unless an `expect
 * diagnostic CODE` claims it), and an expectation that could not be evaluated is a failure with
 * its reason and line. Exit 1 if anything failed.
 */
export function test(o: CliOptions): CommandResult {
  const { files, errors } = collectScenarioFiles(o.files.length ? o.files : ['.']);
  const out: string[] = [];
  const reports: (JsonReport & { staticErrors?: number })[] = [];
  const total: Tally = { passed: 0, failed: 0, skipped: 0, notBinding: 0 };
  let filesWithErrors = 0;
  for (const path of files) {
    const src = readScenario(path);
    if ('error' in src) {
      errors.push(src.error);
      continue;
    }
    const stat = analyzeStatic(src.text, { workspace: src.workspace });
    checkDesignNames(stat, [o.design], '--design');
    const own = designFor(stat);
    const first = designFor(stat, o.design);
    const designs: DesignName[] = o.allDesigns ? [first, ...comparedDesigns(stat.program).filter((d) => d !== first)] : [first];
    const staticErrors = sortedDiagnostics(unclaimedStaticErrors(stat.program, stat.diagnostics));
    if (staticErrors.length) {
      filesWithErrors++;
      out.push(`FAIL ${path}: ${staticErrors.length} static error${staticErrors.length > 1 ? 's' : ''} (the file does not mean what it says; fix ${staticErrors.length > 1 ? 'them' : 'it'} first)`);
      for (const d of staticErrors) out.push(`  ${diagnosticLine(path, stat.lineIndex, d)}`);
    }
    for (const design of designs) {
      const a = runStatic(stat, { ...budgetOptions(o), design, ...DIAGNOSTICS_ONLY });
      const tally: Tally = { passed: 0, failed: 0, skipped: 0, notBinding: 0 };
      const lines: string[] = [];
      for (const x of a.run.expectations) {
        const { line, column } = lineCol(a.lineIndex, x.span.start);
        const at = `  ${path}:${line}:${column}:`;
        const actual = x.actual ? `   (${x.invalid ? '' : 'actual: '}${x.actual})` : '';
        switch (expectationStatus(x)) {
          case 'pass':
            tally.passed++;
            break;
          case 'fail':
            tally.failed++;
            lines.push(`${at} ${x.invalid ? 'expect-not-evaluated' : 'expect-failed'} [${design}]: ${x.text}${actual}`);
            break;
          case 'skipped':
            tally.skipped++;
            break;
          case 'not-binding-pass':
            tally.notBinding++;
            break;
          case 'not-binding-fail':
            tally.notBinding++;
            if (!o.quiet) lines.push(`${at} not binding [${design}] (binds under ${own}; no \`under\`): would fail: ${x.text}${actual}`);
        }
      }
      for (const k of ['passed', 'failed', 'skipped', 'notBinding'] as const) total[k] += tally[k];
      if (o.json) reports.push({ ...toJsonReport(path, a), ...(staticErrors.length ? { staticErrors: staticErrors.length } : {}) });
      if (tally.passed + tally.failed === 0 && !lines.length && design !== first) continue;
      if (!o.quiet || tally.failed) {
        const extra = [tally.skipped ? `${tally.skipped} skipped` : '', tally.notBinding ? `${tally.notBinding} not binding` : ''].filter(Boolean).join(', ');
        out.push(`${tally.failed ? 'FAIL' : 'PASS'} ${path} [${design}] ${tally.passed}/${tally.passed + tally.failed}${extra ? ` (${extra})` : ''}`);
      }
      out.push(...lines);
    }
  }
  for (const e of errors) out.push(`ERROR ${e}`);
  // a file with static errors counts once as a failure, so the "N failed" line cannot read 0
  const failed = total.failed + filesWithErrors;
  const summary = `${total.passed} passed, ${failed} failed, ${total.skipped} skipped, ${total.notBinding} not binding`;
  const exitCode = failed > 0 || errors.length > 0 ? 1 : 0;
  if (o.json) return { exitCode, stdout: json({ files: reports, errors, summary: { ...total, failed, filesWithStaticErrors: filesWithErrors, files: files.length } }) };
  out.push(`${files.length} files, expectations:`, summary + (filesWithErrors ? ` (${filesWithErrors} file${filesWithErrors > 1 ? 's' : ''} with static errors)` : ''));
  return { exitCode, stdout: out.join('\n') };
}
