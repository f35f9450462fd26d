/**
 * Rename mappings, handles, tasks, cgroups, loop variables and params (node ids are
 * numbers, not names: renumbering a node is not a rename).
 */
import { Span } from '../common/span';
import { CALL_TABLE } from '../vocab/calls';
import { KEYWORD_TABLE } from '../vocab/keywords';
import { FeatureContext, TextEditData } from './context';
import { symbolIndex } from './symbolIndex';
import { lookupVocab } from './vocabLookup';

const RENAMABLE = new Set(['mapping', 'handle', 'task', 'cgroup', 'loopVar', 'param']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['anon', 'file', 'shmem', 'shared', 'private', 'read', 'write', 'longterm', 'low', 'high', 'zero', 'text', 'random', 'normal', 'movable']);

export function prepareRename(ctx: FeatureContext, offset: number): { span: Span; placeholder: string } | { error: string } {
  const r = symbolIndex(ctx.stat.parse.file).at(offset);
  if (!r) return { error: 'nothing to rename here: put the cursor on a mapping, handle, task, cgroup or loop variable' };
  if (!RENAMABLE.has(r.sym.kind)) return { error: `a ${r.sym.kind === 'node' ? 'node id' : r.sym.kind} cannot be renamed` };
  return { span: r.occurrence.span, placeholder: r.sym.name };
}

export function renameEdits(ctx: FeatureContext, offset: number, newName: string): { edits: TextEditData[] } | { error: string } {
  const prep = prepareRename(ctx, offset);
  if ('error' in prep) return prep;
  const idx = symbolIndex(ctx.stat.parse.file);
  const sym = idx.at(offset)!.sym;
  if (!NAME.test(newName)) return { error: `\`${newName}\` is not a valid name ([A-Za-z_][A-Za-z0-9_]*)` };
  if (KEYWORD_TABLE.has(newName) || CALL_TABLE.has(newName) || RESERVED.has(newName) || (lookupVocab(newName) && /^[A-Z]/.test(newName))) {
    return { error: `\`${newName}\` is a reserved word or kernel name` };
  }
  const clash = idx.symbols.find((s) => s !== sym && s.name === newName && (s.scope === sym.scope || s.kind === sym.kind && (sym.kind === 'task' || sym.kind === 'cgroup' || sym.kind === 'param')));
  if (clash) return { error: `\`${newName}\` is already a ${clash.kind} in this scope` };
  return { edits: sym.occurrences.map((o) => ({ span: o.span, newText: newName })) };
}
