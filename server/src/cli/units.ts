/** The CLI's plain-text tables live in common/table.ts (the what-if texts of the analysis layer use them too). */
export { table, fitTable } from '../common/table';
