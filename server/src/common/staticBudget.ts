/**
 * The static analysis's own budget (issue 17). Lowering, its checks and the helper walks that
 * grow with the input (the owners of a name, the syntax errors inside an expectation, a
 * design's `extends` chain, the comment above a declaration) charge it units of work. A
 * document's budget is linear in its length, so static analysis is linear in the document by
 * construction: a path that turned super-linear would spend the budget and stop with a
 * `static-budget-exceeded` diagnostic on the statement where it stopped, not hang the editor.
 * A wall-clock safety net (checked at the same points) catches a slow path that is not metered.
 *
 * The parser is not metered: it is one pass over the tokens and must finish (the tree is
 * lossless; every feature reads it). "Did you mean" searches have their own, smaller budget
 * (syntax/suggest.ts): past it a name simply gets no suggestion.
 */

/** units every document gets, whatever its length */
export const STATIC_BASE_UNITS = 1_000_000;
/** units per character of the document: well above what any metered path charges for it */
export const STATIC_UNITS_PER_CHAR = 16;
/** the wall-clock safety net, in ms (a scenario of a million lines analyses in a few seconds) */
export const STATIC_MAX_MS = 20_000;

export function staticUnitsFor(length: number): number {
  return STATIC_BASE_UNITS + STATIC_UNITS_PER_CHAR * length;
}

export class StaticBudget {
  used = 0;
  /** why the analysis stopped, once it did */
  cut?: 'units' | 'time';
  private readonly deadline: number;
  private nextClockCheck = 4096;

  constructor(
    readonly limit: number,
    readonly maxMs = STATIC_MAX_MS,
  ) {
    this.deadline = performance.now() + maxMs;
  }

  /** Charges `units`; false once the budget is spent (the caller stops what it was about to do). */
  charge(units: number): boolean {
    if (this.cut) return false;
    this.used += units;
    if (this.used > this.limit) this.cut = 'units';
    else if (this.used >= this.nextClockCheck) {
      this.nextClockCheck = this.used + 4096;
      if (performance.now() > this.deadline) this.cut = 'time';
    }
    return !this.cut;
  }

  /** The diagnostic's message. */
  message(): string {
    return this.cut === 'time'
      ? `static analysis stopped here: it ran past its ${this.maxMs} ms safety net (not deterministic: a faster machine goes further); the rest of the file is not checked and does not run`
      : `static analysis stopped here: it spent its budget of ${this.limit.toLocaleString('en-US')} work units (${STATIC_BASE_UNITS.toLocaleString('en-US')} plus ${STATIC_UNITS_PER_CHAR} per character of the document); the rest of the file is not checked and does not run. Every metered step is linear in the document, so this is a bug in mmlab: please report the file`;
  }
}

/**
 * A value set for the duration of one synchronous call (an analysis is synchronous, so the
 * budget it draws on need not be passed through every function).
 */
export class Scoped<T> {
  current: T | undefined;

  run<R>(value: T, fn: () => R): R {
    const outer = this.current;
    this.current = value;
    try {
      return fn();
    } finally {
      this.current = outer;
    }
  }
}

const active = new Scoped<StaticBudget>();

/** Runs `fn` with every charge inside it drawing on `budget`. */
export function withStaticBudget<T>(budget: StaticBudget, fn: () => T): T {
  return active.run(budget, fn);
}

/** Charges the active budget (none outside an analysis: then nothing is metered); false once it is spent. */
export function charge(units = 1): boolean {
  return active.current ? active.current.charge(units) : true;
}

/** the units the active budget has spent so far (undefined outside an analysis) */
export function budgetUsed(): number | undefined {
  return active.current?.used;
}

/** The active budget, when it has been spent. */
export function spentBudget(): StaticBudget | undefined {
  return active.current?.cut ? active.current : undefined;
}

