/**
 * An empty array whose elements kind already holds any value (V8's PACKED_ELEMENTS).
 *
 * `[]` starts as an array of small integers and changes its class (map) when the first string or
 * object is stored. The optimising compiler specialises a function for the classes it has seen:
 * a run's lists are empty only at its start, so a function optimised during one run saw them
 * after that change, and deoptimised ("wrong map") when the next run started with new empty
 * lists (a fresh process's second analysis of a long document: some twenty emulator and step-log
 * functions, ADR 0027). A list made here has the class it keeps from its first element on.
 */
const ANY_VALUE: readonly unknown[] = [undefined];

export function anyArray<T>(): T[] {
  return ANY_VALUE.slice(0, 0) as T[];
}
