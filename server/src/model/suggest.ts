/** The model layer's "did you mean" helpers live with the syntax layer (the parser uses them too). */
export { didYouMean, editDistance, suggest } from '../syntax/suggest';
