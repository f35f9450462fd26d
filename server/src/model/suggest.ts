/** The model layer's "did you mean" helpers live with the syntax layer (the parser uses them too). */
export { didYouMean, editDistance, suggest } from '../syntax/suggest';

/** a diagnostic lists at most this many names (a list of every task or design made each one O(N): issue 17) */
export const LISTED = 12;

/** `a, b, c` or `a, b, ... and 40 more`: at most LISTED names of a list that grows with the input */
export function listed(names: readonly string[]): string {
  return names.length <= LISTED ? names.join(', ') : `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}
