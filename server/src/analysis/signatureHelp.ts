/** Signature help for every call of vocab/calls.ts, with the active parameter. */
import { CALL_TABLE, signatureLabel } from '../vocab/calls';
import { FeatureContext } from './context';
import { callSiteNear } from './completion';
import { sourceNote } from './vocabLookup';

export interface SignatureData {
  label: string;
  documentation: string;
  /** parameter label offsets into `label` */
  parameters: { label: [number, number]; documentation: string }[];
  activeParameter: number;
}

export function signatureAt(ctx: FeatureContext, offset: number): SignatureData | undefined {
  const site = callSiteNear(ctx.stat.parse, offset);
  if (!site) return undefined;
  const spec = CALL_TABLE.get(site.callee);
  if (!spec) return undefined;
  const label = signatureLabel(spec);
  // locate each parameter's text in the label, left to right
  const inner = label.slice(spec.name.length + 1, -1);
  const parts = inner.length ? inner.split(', ') : [];
  let at = spec.name.length + 1;
  const parameters = parts.map((part, i) => {
    const range: [number, number] = [at, at + part.length];
    at += part.length + 2;
    const p = spec.params[i];
    return { label: range, documentation: p ? `${p.doc}${p.default ? ` (default ${p.default})` : ''}` : '' };
  });
  let active: number;
  if (site.named) active = spec.params.findIndex((p) => p.name === site.named);
  else {
    const positional = spec.params.map((p, i) => ({ p, i })).filter((x) => !x.p.named);
    active = positional[site.index]?.i ?? -1;
  }
  return {
    label,
    documentation: [spec.doc, sourceNote(spec.source)].filter(Boolean).join('\n\n'),
    parameters,
    activeParameter: active < 0 ? parameters.length : active,
  };
}
