/**
 * The outside conformance scenarios live in ../shared/conformance, beside the checkout (CI has
 * them; a fresh clone does not). They are read in place, never copied into the repository.
 *
 * Tests that need them wrap themselves in `describeOutside`: with the folder present they run as
 * usual; without it, the suite registers one pending test and prints ONE line naming itself and
 * the reason, which scripts/test.mjs collects into its summary. `.ci/run` runs the scenarios
 * explicitly (`mmlab test ../shared/conformance --all-designs`), so skipping here loses nothing there.
 *
 * MMLAB_CONFORMANCE_DIR points elsewhere (a test of this very skip uses a folder that does not exist).
 */
import * as fs from 'fs';
import * as path from 'path';

/** the marker scripts/test.mjs looks for; keep in sync with it */
export const SKIP_MARKER = 'mmlab-skip(outside-conformance):';

export const OUTSIDE_DIR = path.resolve(process.env.MMLAB_CONFORMANCE_DIR ?? path.join(__dirname, '../../shared/conformance'));

/** the folder when it exists and holds scenarios, otherwise undefined */
export function outsideDir(): string | undefined {
  try {
    return fs.readdirSync(OUTSIDE_DIR).some((f) => f.endsWith('.mmlab')) ? OUTSIDE_DIR : undefined;
  } catch {
    return undefined;
  }
}

/** absolute paths of the outside scenarios, sorted; [] when the folder is absent */
export function outsideFiles(): string[] {
  const dir = outsideDir();
  return dir ? fs.readdirSync(dir).filter((f) => f.endsWith('.mmlab')).sort().map((f) => path.join(dir, f)) : [];
}

/** A describe() that needs the outside scenarios: `body` gets the folder. */
export function describeOutside(title: string, body: (dir: string) => void): void {
  const dir = outsideDir();
  if (dir) {
    describe(title, function () {
      body(dir);
    });
    return;
  }
  const rel = path.relative(path.join(__dirname, '..'), OUTSIDE_DIR);
  const why = `${rel.startsWith('../..') ? OUTSIDE_DIR : rel} not found beside the checkout`;
  // one line per skipped suite, at load time, for scripts/test.mjs to collect
  process.stdout.write(`${SKIP_MARKER} "${title}" — ${why}\n`);
  describe(title, () => {
    it.skip(`skipped: ${why} (.ci/run runs these scenarios)`);
  });
}
