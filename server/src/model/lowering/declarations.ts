import * as ast from '../../syntax/ast';
import { validateOps } from '../checks/ops';
import * as ir from '../ir';
import { didYouMean } from '../suggest';
import { callbacksRequiredBy, CRAM_CALLBACKS, CRAM_OPS } from '../../vocab/npops';
import { opsOfCaps, validateCaps } from '../../vocab/caps';
import { NODE_KIND_TABLE } from '../../vocab/nodekinds';
import { findSysctl, SYSCTL_KEYS } from '../../vocab/sysctl';
import { LowerContext } from './context';
import { describeExpr, MAX_NODE_ID, reportParamKind, Values } from './values';

/** Declarations (language.md, the machine): nodes, distances, swap, cgroups, sysctls, scenario, design. */

const MAX_CPU = 8191;
const TOP: ConstructorParameters<typeof Values>[1] = { kind: 'top', loopVars: [] };

export function lowerNode(ctx: LowerContext, d: ast.NodeDecl): ir.NodeDecl | undefined {
  const v = new Values(ctx, TOP);
  let id: number | undefined;
  if (d.id.kind === 'Number' && d.id.numKind === 'int') {
    if (d.id.value > MAX_NODE_ID) ctx.report('invalid-argument', d.id.span, `node id ${d.id.value} is out of range: node ids are 0..${MAX_NODE_ID} (MAX_NUMNODES)`);
    // `| 0`: a small integer, never a boxed double (the token's value may be one). Every object
    // whose first field is `id` (node states, snapshots, reports) shares V8's field representation
    // with this one: one double here and each of them boxes its id in a heap object of its own.
    else id = d.id.value | 0;
  } else if (d.id.kind !== 'Missing') ctx.report('invalid-argument', d.id.span, `a node id is a whole number 0..${MAX_NODE_ID}, got ${describeExpr(d.id)}`);

  let kind: ir.NodeKind = 'dram';
  if (d.nodeKind.kind === 'Ident') {
    if (NODE_KIND_TABLE.has(d.nodeKind.name)) kind = d.nodeKind.name as ir.NodeKind;
    else {
      const { text, suggestion } = didYouMean(d.nodeKind.name, NODE_KIND_TABLE.keys());
      ctx.report('invalid-argument', d.nodeKind.span, `unknown node kind \`${d.nodeKind.name}\` (kinds: ${[...NODE_KIND_TABLE.keys()].join(', ')})${text}`, {
        data: suggestion ? { suggestion } : undefined,
      });
    }
  }
  const size = d.size.kind === 'Missing' ? undefined : v.pageSize(d.size, 'the node size', 'G');
  if (id === undefined || size === undefined) return undefined;

  const node: ir.NodeDecl = { id, kind, sizeBytes: size, private: kind === 'cram', cpus: [], zone: 'normal', offline: false, span: d.span, attrSpans: {} };
  const seen = new Map<string, ast.NodeAttr>();
  for (const attr of d.attrs) {
    const name = attr.name.name;
    const prev = seen.get(name);
    if (prev) {
      ctx.report('invalid-argument', attr.span, `\`${name}\` is given twice for node ${id}`, { related: [{ span: prev.span, message: 'first given here' }] });
      continue;
    }
    seen.set(name, attr);
    node.attrSpans[name] = attr.span;
    const arg = attr.args[0]?.value;
    switch (name) {
      case 'private':
        node.private = true;
        break;
      case 'offline':
        node.offline = true;
        break;
      case 'boot_private':
        node.bootPrivate = true;
        // private_node= refuses a node that owns CPUs (or the kernel image, which sits on a CPU node)
        if (d.attrs.some((a) => a.name.name === 'cpus'))
          ctx.report('invalid-argument', attr.span, `\`boot_private\`: private_node=${id} is refused for a node that owns CPUs, so node ${id} stays N_MEMORY`, { severity: 'warning' });
        break;
      case 'cpus':
        if (arg) node.cpus = v.idList(arg, 'CPU', MAX_CPU) ?? [];
        break;
      case 'ops':
        if (arg) node.ops = v.npOps(arg);
        break;
      case 'caps':
        if (arg) node.caps = v.caps(arg);
        break;
      case 'device':
        if (arg?.kind === 'Ident') node.device = arg.name;
        else if (arg) ctx.report('invalid-argument', arg.span, `\`device\` takes the device's name (an identifier such as \`A\`), got ${describeExpr(arg)}`);
        break;
      case 'callbacks':
        node.callbacks = v.callbacks(attr.args.map((a) => a.value));
        break;
      case 'media':
        if (arg) node.mediaBytes = v.pageSize(arg, '`media`', 'G');
        break;
      case 'ratio':
        if (arg) node.ratio = v.ratio(arg, 'the compression ratio');
        break;
      case 'zone':
        if (arg) node.zone = (v.keyword(arg, ['normal', 'movable'], '`zone`') as ir.NodeDecl['zone']) ?? 'normal';
        break;
      case 'tier':
        if (arg) {
          const t = v.count(arg, '`tier`');
          if (t !== undefined && t > 15) ctx.report('invalid-argument', arg.span, `tier ${t} is out of range (0..15; lower is faster)`);
          else node.tier = t;
        }
        break;
      case 'watermarks':
        lowerWatermarks(ctx, v, attr, node);
        break;
    }
    if (['media', 'ratio', 'watermarks'].includes(name) && kind !== 'cram') {
      ctx.report('invalid-argument', attr.name.span, `\`${name}\` describes a CXL compressed device; node ${id} is \`${kind}\`, so it is ignored`, { severity: 'warning' });
    }
  }
  if (node.mediaBytes === undefined) delete node.mediaBytes;
  if (node.ratio === undefined) delete node.ratio;
  if (node.tier === undefined) delete node.tier;
  if (node.ops === undefined) delete node.ops;
  if (node.callbacks === undefined) delete node.callbacks;
  if (node.device === undefined) delete node.device;
  if (node.caps === undefined) delete node.caps;
  else applyCaps(ctx, node);
  if (node.device !== undefined && !node.private && kind !== 'cram')
    ctx.report('invalid-argument', node.attrSpans.device, `node ${id} is not \`private\`: a device owns private nodes only, so \`device\` is ignored`, { severity: 'warning' });
  checkNodeOps(ctx, node);
  return node;
}

/**
 * `caps`: the capability word of the post-v4 designs. Registration refuses DEMOTION
 * or TIERING without RECLAIM (-EINVAL, as `ops-rejected`); otherwise the NP_OPS
 * bits that open the same paths are added to the node's ops (with the callbacks
 * they need: after v4 there are no driver callbacks, the core does the work).
 */
function applyCaps(ctx: LowerContext, node: ir.NodeDecl): void {
  const caps = node.caps ?? 0;
  const at = node.attrSpans.caps ?? node.span;
  if (!node.private && node.kind !== 'cram') {
    ctx.report('invalid-argument', at, `node ${node.id} is not \`private\`: capabilities apply only to private nodes, so they are ignored`, { severity: 'warning' });
    return;
  }
  const problems = validateCaps(caps);
  if (problems.length) {
    node.opsRejected = true;
    ctx.report('ops-rejected', at, `node ${node.id}: the private-node registration refuses these capabilities (-EINVAL): ${problems.join('; ')}`, { data: { node: node.id } });
    return;
  }
  const extra = opsOfCaps(caps);
  if (!extra) return;
  node.ops = (node.ops ?? 0) | extra;
  if (node.callbacks === undefined) node.callbacks = callbacksRequiredBy(node.ops);
}

function lowerWatermarks(ctx: LowerContext, v: Values, attr: ast.NodeAttr, node: ir.NodeDecl): void {
  let low: number | undefined;
  let high: number | undefined;
  for (const a of attr.args) {
    const key = a.name?.name;
    if (key === 'low') low = v.percent(a.value, '`low`');
    else if (key === 'high') high = v.percent(a.value, '`high`');
    else ctx.report('invalid-argument', a.span, '`watermarks` takes `low=P` and `high=P`');
  }
  if (low === undefined || high === undefined) {
    if (attr.args.length) ctx.report('invalid-argument', attr.span, '`watermarks` needs both `low=P` and `high=P`, as in `watermarks low=10% high=25%`');
    return;
  }
  if (!(low < high)) {
    ctx.report('invalid-argument', attr.span, `the low watermark (${Math.round(low * 100)}% free) must be below the high one (${Math.round(high * 100)}%): the device closes under low and reopens above high`);
    return;
  }
  node.watermarks = { low, high };
}

/** node_private_set_ops validation of a declared node (language.md, the machine). */
function checkNodeOps(ctx: LowerContext, node: ir.NodeDecl): void {
  const isPrivate = node.private || node.kind === 'cram';
  if (node.ops === undefined && node.callbacks === undefined) return; // cram defaults are valid by construction
  if (node.caps !== undefined || node.opsRejected) return; // capability words follow their own registration rules (applyCaps)
  if (!isPrivate) {
    ctx.report('invalid-argument', node.attrSpans.ops ?? node.attrSpans.callbacks, `node ${node.id} is not \`private\`: ops and callbacks apply only to private nodes (node_private_set_ops returns -ENODEV), so they are ignored`, {
      severity: 'warning',
      data: { node: node.id },
    });
    return;
  }
  const flags = node.ops ?? (node.kind === 'cram' ? CRAM_OPS : 0);
  const callbacks = node.callbacks ?? (node.ops !== undefined ? callbacksRequiredBy(flags) : CRAM_CALLBACKS);
  const problems = validateOps(flags, callbacks);
  if (!problems.length) return;
  node.opsRejected = true;
  const at = node.attrSpans.ops ?? node.attrSpans.callbacks ?? node.span;
  ctx.report('ops-rejected', at, `node ${node.id}: node_private_set_ops refuses these ops (-EINVAL): ${problems.map((p) => p.message).join('; ')}`, {
    data: { node: node.id, problems },
    related: node.attrSpans.callbacks && at !== node.attrSpans.callbacks ? [{ span: node.attrSpans.callbacks, message: 'the callbacks the driver provides' }] : undefined,
  });
}

export function lowerDistance(ctx: LowerContext, d: ast.DistanceDecl): ir.DistanceDecl | undefined {
  const v = new Values(ctx, TOP);
  const a = v.node(d.a);
  const b = v.node(d.b);
  const dist = d.distance.kind === 'Missing' ? undefined : v.count(d.distance, 'the distance');
  if (!a || !b || !('const' in a) || !('const' in b) || dist === undefined) return undefined;
  if (dist < 10 || dist > 255) {
    ctx.report('invalid-argument', d.distance.span, `distance ${dist} is out of range: SLIT distances are 10 (local) .. 254, 255 = unreachable`);
    return undefined;
  }
  if (a.const === b.const && dist !== 10) {
    ctx.report('invalid-argument', d.distance.span, `the distance of node ${a.const} to itself is always 10 (LOCAL_DISTANCE)`);
    return undefined;
  }
  if (a.const !== b.const && dist === 10) {
    ctx.report('invalid-argument', d.distance.span, `distance 10 means local: two different nodes are at least 11 apart`);
    return undefined;
  }
  return { a: a.const, b: b.const, distance: dist, span: d.span };
}

export function lowerCgroup(ctx: LowerContext, d: ast.CgroupDecl): ir.CgroupDecl | undefined {
  if (d.name.kind !== 'Ident' || !d.mems) return undefined;
  const prev = ctx.cgroups.get(d.name.name);
  if (prev) {
    ctx.report('invalid-argument', d.name.span, `cgroup \`${d.name.name}\` is declared twice`, { related: [{ span: prev.span, message: 'first declared here' }] });
    return undefined;
  }
  const v = new Values(ctx, TOP);
  const constIds = (e: ast.Expr) => {
    const set = v.nodeSet(e);
    return set?.nodes.map((n) => ('const' in n ? n.const : -1)).filter((n) => n >= 0);
  };
  const mems = constIds(d.mems.set);
  if (!mems) return undefined;
  const cg: ir.CgroupDecl = { name: d.name.name, mems, span: d.span };
  if (d.sysram) {
    const sys = constIds(d.sysram.set);
    if (sys) {
      cg.sysram = sys;
      const outside = sys.filter((n) => !mems.includes(n));
      if (outside.length) ctx.report('invalid-argument', d.sysram.set.span, `sysram nodes ${outside.join(', ')} are not in the cgroup's mems`, { severity: 'warning' });
    }
  }
  return cg;
}

export function lowerSysctl(ctx: LowerContext, d: ast.SysctlDecl): ir.SysctlDecl | undefined {
  if (d.key.kind !== 'Ident') return undefined;
  const key = d.key.name;
  const entry = findSysctl(key);
  if (!entry) {
    const { text, suggestion } = didYouMean(key, SYSCTL_KEYS);
    ctx.report('unknown-sysctl', d.key.span, `unknown sysctl \`${key}\`: mmlab does not model it, so setting it would do nothing${text}`, {
      data: suggestion ? { suggestion } : undefined,
    });
    return undefined;
  }
  // a param stands for its value (at the use's span)
  const param = ctx.paramValue(d.value);
  const val = param ? param.value : d.value;
  const range = (n: number, shown: string) => {
    if ((entry.min !== undefined && n < entry.min) || (entry.max !== undefined && n > entry.max)) {
      ctx.report('invalid-argument', val.span, `\`${key}\` = ${shown} is out of range (${entry.kind === 'percent' ? `${entry.min! * 100}%..${entry.max! * 100}%` : `${entry.min}..${entry.max}`})`);
      return false;
    }
    return true;
  };
  const family = entry.pattern?.exec(key);
  if (family && family[1] !== undefined) ctx.checkNodeUse(Number(family[1]), d.key.span, false);
  switch (entry.kind) {
    case 'percent':
      if (val.kind === 'Number' && val.numKind === 'percent') return range(val.value / 100, val.text) ? { key, value: val.value / 100, percent: true, span: d.span } : undefined;
      break;
    case 'enum':
      if (val.kind === 'Ident' && entry.values!.includes(val.name)) return { key, value: entry.values!.indexOf(val.name), span: d.span };
      if (val.kind === 'Number' && val.numKind === 'int' && val.value < entry.values!.length) return { key, value: val.value, span: d.span };
      if (param) reportParamKind(ctx, d.value, param, `\`${key}\` takes one of ${entry.values!.join(', ')}`);
      else ctx.report('invalid-argument', val.span, `\`${key}\` takes one of ${entry.values!.join(', ')}, got ${describeExpr(val)}`);
      return undefined;
    default:
      if (val.kind === 'Number' && val.numKind === 'int') return range(val.value, val.text) ? { key, value: val.value, span: d.span } : undefined;
      if (entry.kind === 'bool' && val.kind === 'Ident' && (val.name === 'true' || val.name === 'false')) return { key, value: val.name === 'true' ? 1 : 0, span: d.span };
  }
  if (val.kind !== 'Missing') {
    const want = entry.kind === 'percent' ? 'a percentage such as `10%`' : entry.kind === 'bool' ? '0 or 1' : 'a whole number';
    if (param) reportParamKind(ctx, d.value, param, `\`${key}\` takes ${want}`);
    else ctx.report('invalid-argument', val.span, `\`${key}\` takes ${want}, got ${describeExpr(val)}`);
  }
  return undefined;
}

/**
 * `param NAME = VALUE`: a number, size, ratio or percentage literal, registered by name. Uses
 * are checked where they are (Values: `param-kind` when the use needs another kind of value).
 */
export function lowerParam(ctx: LowerContext, d: ast.ParamDecl): boolean {
  if (d.name.kind !== 'Ident' || d.value.kind === 'Missing') return false;
  const name = d.name.name;
  const prev = ctx.params.get(name);
  if (prev) {
    ctx.report('invalid-argument', d.name.span, `param \`${name}\` is declared twice`, { related: [{ span: prev.decl.span, message: 'first declared here' }] });
    return false;
  }
  if (d.value.kind !== 'Number') {
    ctx.report('invalid-argument', d.value.span, `a param's value is a number, size, ratio or percentage (\`param ${name} = 512M\`), got ${describeExpr(d.value)}`);
    return false;
  }
  ctx.params.set(name, { decl: d, value: d.value, uses: [] });
  return true;
}

export function lowerDesign(ctx: LowerContext, d: ast.DesignDecl): ir.Program['design'] {
  const designs = ctx.designs;
  if (d.name.kind !== 'Ident') return undefined;
  if (designs[d.name.name]) return { name: d.name.name, span: d.span };
  const { text, suggestion } = didYouMean(d.name.name, Object.keys(designs));
  ctx.report('invalid-argument', d.name.span, `unknown design \`${d.name.name}\` (designs: ${Object.keys(designs).join(', ')})${text}`, {
    data: suggestion ? { suggestion } : undefined,
  });
  return undefined;
}
