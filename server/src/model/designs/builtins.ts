/**
 * The built-in designs: the prelude's declarations, parsed and lowered once, on first
 * use. A diagnostic in the prelude is a bug in mmlab, so it throws (a test parses the
 * prelude on every run of the suite).
 */
import { parse } from '../../syntax/parser';
import { DesignDef, DesignName } from '../ir';
import { lowerDesignDecls } from './lower';
import { PRELUDE } from './prelude';
import type * as ast from '../../syntax/ast';

let builtins: Record<DesignName, DesignDef> | undefined;

/** text -> the designs it declares, lowered against the designs already known */
export function designsOfText(text: string, origin: DesignDef['origin'], known: Record<DesignName, DesignDef>) {
  const parsed = parse(text);
  const decls = parsed.file.items.filter((i): i is ast.DesignDecl => i.kind === 'Design' && !!i.body);
  const lowered = lowerDesignDecls(text, decls, origin, known);
  return { defs: lowered.defs, diagnostics: [...parsed.diagnostics, ...lowered.diagnostics] };
}

export function builtinDesigns(): Record<DesignName, DesignDef> {
  if (!builtins) {
    const { defs, diagnostics } = designsOfText(PRELUDE, 'prelude', {});
    if (diagnostics.length) throw new Error(`the design prelude does not lower: ${diagnostics.map((d) => d.message).join('; ')}`);
    builtins = Object.fromEntries(defs.map((d) => [d.name, d]));
  }
  return builtins;
}
