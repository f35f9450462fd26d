import { analyzeStatic, designFor, runStatic } from '../../analysis/analyze';
import { DESIGNS, DesignName } from '../../model/ir';
import { CliOptions } from '../args';
import { collectScenarioFiles, readScenario } from '../files';
import { lineCol, toJsonReport, JsonReport } from '../report';
import { budgetOptions, CommandResult, json } from './common';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * `mmlab test PATH...`: every *.mmlab under the paths, each under its own design
 * (or --design). With --all-designs each file also runs under every other design,
 * where only the expectations marked `under` that design are checked (the
 * conformance rule); the rest count as skipped there. Exit 1 if any expect fails.
 */
export function test(o: CliOptions): CommandResult {
  const { files, errors } = collectScenarioFiles(o.files.length ? o.files : ['.']);
  const out: string[] = [];
  const reports: JsonReport[] = [];
  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const path of files) {
    const src = readScenario(path);
    if ('error' in src) {
      errors.push(src.error);
      continue;
    }
    const stat = analyzeStatic(src.text);
    const own = designFor(stat, o.design);
    const designs: DesignName[] = o.allDesigns ? [own, ...DESIGNS.filter((d) => d !== own)] : [own];
    for (const design of designs) {
      const a = runStatic(stat, { ...budgetOptions(o), design });
      const report = toJsonReport(path, a);
      const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
      const failures: string[] = [];
      for (const x of a.run.expectations) {
        // under a design other than the file's own, only expectations that name it are binding
        const binding = design === own || (!x.skipped && /\bunder\b/.test(x.text));
        if (x.skipped || !binding) tally.skipped++;
        else if (x.passed) tally.passed++;
        else {
          tally.failed++;
          const { line, column } = lineCol(a.lineIndex, x.span.start);
          failures.push(`  ${path}:${line}:${column}: expect-failed [${design}]: ${x.text}${x.actual ? `   (actual: ${x.actual})` : ''}`);
        }
      }
      total.passed += tally.passed;
      total.failed += tally.failed;
      total.skipped += tally.skipped;
      if (o.json) reports.push(report);
      if (tally.passed + tally.failed === 0 && design !== own) continue;
      if (!o.quiet || tally.failed) {
        out.push(`${tally.failed ? 'FAIL' : 'PASS'} ${path} [${design}] ${tally.passed}/${tally.passed + tally.failed}${tally.skipped ? ` (${tally.skipped} skipped)` : ''}`);
      }
      out.push(...failures);
    }
  }
  for (const e of errors) out.push(`ERROR ${e}`);
  const failed = total.failed > 0 || errors.length > 0;
  const summary = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
  if (o.json) return { exitCode: failed ? 1 : 0, stdout: json({ files: reports, errors, summary: { ...total, files: files.length } }) };
  out.push(`${files.length} files, expectations:`, summary);
  return { exitCode: failed ? 1 : 0, stdout: out.join('\n') };
}
