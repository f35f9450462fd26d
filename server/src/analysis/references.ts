/** References and document highlights of the name under the cursor. */
import { Span } from '../common/span';
import { FeatureContext } from './context';
import { Occurrence, symbolIndex } from './symbolIndex';

export function referencesAt(ctx: FeatureContext, offset: number, includeDeclaration: boolean): Span[] {
  const r = symbolIndex(ctx.stat.parse.file).at(offset);
  if (!r) return [];
  return r.sym.occurrences.filter((o) => includeDeclaration || !o.isDecl).map((o) => o.span);
}

export function highlightsAt(ctx: FeatureContext, offset: number): Occurrence[] {
  const r = symbolIndex(ctx.stat.parse.file).at(offset);
  return r ? r.sym.occurrences : [];
}
