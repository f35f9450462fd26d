/** Go to definition: a name's declaring occurrence (node declaration, assignment, task's first block, cgroup, loop). */
import { Span } from '../common/span';
import { FeatureContext } from './context';
import { symbolIndex } from './symbolIndex';

export function definitionAt(ctx: FeatureContext, offset: number): Span | undefined {
  const r = symbolIndex(ctx.stat.parse.file).at(offset);
  return r?.sym.decl;
}
