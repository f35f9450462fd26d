import { DIAGNOSTIC_CODES } from '../common/diagnostics';
import { DESIGNS } from '../vocab/designs';
import { CALLS, isStatementCall } from '../vocab/calls';
import { ERRNO_NAMES } from '../vocab/errno';
import { GFP_TABLE } from '../vocab/gfp';
import { MADV_NAMES } from '../vocab/madv';
import { MPOL_TABLE } from '../vocab/mpol';
import { CALLBACKS, NP_OPS_TABLE } from '../vocab/npops';
import { NODE_ATTRS, NODE_KINDS, NODE_STATES } from '../vocab/nodekinds';
import { DESIGN_CHOICES } from '../vocab/designChoices';

/**
 * Builds the TextMate grammar (syntaxes/mmlab.tmLanguage.json) from the
 * vocabulary tables, so highlighting and the checker agree on every name.
 * test/grammar/grammar.test.ts checks the JSON file equals this (rewrite it with
 * UPDATE_GOLDENS=1 after a vocabulary change).
 */
const words = (names: readonly string[]) => `\\b(?:${[...names].sort((a, b) => b.length - a.length).join('|')})\\b`;
const group = (names: readonly string[]) => `\\b(${[...names].sort((a, b) => b.length - a.length).join('|')})\\b`;

export function buildGrammar(): Record<string, unknown> {
  const statementCalls = CALLS.filter(isStatementCall).map((c) => c.name);
  const metrics = CALLS.filter((c) => c.blocks.includes('expect')).map((c) => c.name);
  const keywordValues = [...new Set(CALLS.flatMap((c) => c.params.flatMap((p) => (p.kind === 'keyword' ? p.values ?? [] : []))).concat(['zero', 'text', 'random']))];
  const namedParams = [...new Set(CALLS.flatMap((c) => c.params.filter((p) => p.named).map((p) => p.name)))];
  const npBare = [...NP_OPS_TABLE.keys()].map((k) => k.replace(/^NP_OPS_/, ''));
  const mpolModes = [...MPOL_TABLE.keys()].filter((k) => !k.startsWith('MPOL_F_') && !k.startsWith('MPOL_MF_'));
  const mpolFlags = [...MPOL_TABLE.keys()].filter((k) => k.startsWith('MPOL_F_') || k.startsWith('MPOL_MF_'));

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'mmlab',
    scopeName: 'source.mmlab',
    fileTypes: ['mmlab'],
    patterns: [{ include: '#comments' }, { include: '#expect' }, { include: '#node-decl' }, { include: '#design-choice' }, { include: '#declarations' }, { include: '#blocks' }, { include: '#statements' }, { include: '#values' }],
    repository: {
      comments: {
        patterns: [
          { name: 'comment.line.double-slash.mmlab', match: '//.*$' },
          { name: 'comment.block.mmlab', begin: '/\\*', end: '\\*/', beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.mmlab' } }, endCaptures: { 0: { name: 'punctuation.definition.comment.end.mmlab' } } },
        ],
      },
      strings: {
        name: 'string.quoted.double.mmlab',
        begin: '"',
        end: '"|$',
        beginCaptures: { 0: { name: 'punctuation.definition.string.begin.mmlab' } },
        endCaptures: { 0: { name: 'punctuation.definition.string.end.mmlab' } },
        patterns: [{ name: 'constant.character.escape.mmlab', match: '\\\\["\\\\]' }],
      },
      numbers: {
        patterns: [
          { name: 'constant.numeric.percentage.mmlab', match: '\\b\\d+(?:\\.\\d+)?%' },
          { name: 'constant.numeric.size.mmlab', match: '\\b\\d+(?:\\.\\d+)?(?:[KMGTkmgt](?:i?B)?|B)\\b' },
          { name: 'constant.numeric.hex.mmlab', match: '\\b0[xX][0-9A-Fa-f]+\\b' },
          { name: 'constant.numeric.decimal.mmlab', match: '\\b\\d+\\.\\d+\\b' },
          { name: 'constant.numeric.integer.mmlab', match: '\\b\\d+\\b' },
        ],
      },
      flags: {
        patterns: [
          { name: 'support.constant.gfp.mmlab', match: words([...GFP_TABLE.keys()]) },
          { name: 'support.constant.mpol.mode.mmlab', match: words(mpolModes) },
          { name: 'support.constant.mpol.flag.mmlab', match: words(mpolFlags) },
          { name: 'support.constant.madv.mmlab', match: words(MADV_NAMES) },
          { name: 'support.constant.np-ops.mmlab', match: words([...NP_OPS_TABLE.keys(), ...npBare]) },
          { name: 'support.constant.node-state.mmlab', match: words(NODE_STATES.map((s) => s.name)) },
          { name: 'support.constant.errno.mmlab', match: words(ERRNO_NAMES) },
          { name: 'support.constant.design.mmlab', match: words(DESIGNS) },
          { name: 'support.variable.callback.mmlab', match: words(CALLBACKS) },
          { name: 'invalid.unknown-flag.mmlab', match: '\\b(?:__GFP_|GFP_|MPOL_|MADV_|NP_OPS_)[A-Z0-9_]*\\b' },
        ],
      },
      operators: {
        patterns: [
          { name: 'keyword.operator.comparison.mmlab', match: '==|!=|<=|>=|<|>' },
          { name: 'keyword.operator.flags.mmlab', match: '\\|' },
          { name: 'keyword.operator.assignment.mmlab', match: '=' },
          { name: 'keyword.operator.range.mmlab', match: '-|:' },
          { name: 'punctuation.separator.comma.mmlab', match: ',' },
          { name: 'punctuation.terminator.statement.mmlab', match: ';' },
          { name: 'punctuation.section.brackets.mmlab', match: '[\\[\\]]' },
          { name: 'punctuation.section.parens.mmlab', match: '[()]' },
          { name: 'punctuation.section.braces.mmlab', match: '[{}]' },
        ],
      },
      values: {
        patterns: [
          { include: '#comments' },
          { include: '#strings' },
          { include: '#numbers' },
          { include: '#calls' },
          { include: '#named-args' },
          { include: '#flags' },
          { name: 'constant.language.mmlab', match: words(keywordValues) },
          { include: '#operators' },
          { name: 'variable.other.mmlab', match: '\\b[A-Za-z_][A-Za-z0-9_.]*' },
        ],
      },
      calls: {
        patterns: [
          { name: 'keyword.control.loop.mmlab', match: '\\b(?:for_each_node_state|for_each_online_node|for_each_node)\\b' },
          { match: `${group(statementCalls)}\\s*(?=\\()`, captures: { 1: { name: 'support.function.mmlab' } } },
          { match: `${group(metrics)}\\s*(?=\\()`, captures: { 1: { name: 'support.function.metric.mmlab' } } },
          { match: '\\b(ratio)\\s*(?=\\()', captures: { 1: { name: 'support.function.helper.mmlab' } } },
          { match: '\\b([A-Za-z_][A-Za-z0-9_.]*)\\s*(?=\\()', captures: { 1: { name: 'entity.name.function.call.mmlab' } } },
        ],
      },
      'named-args': {
        match: `${group(namedParams)}\\s*(=)(?!=)`,
        captures: { 1: { name: 'variable.parameter.named.mmlab' }, 2: { name: 'keyword.operator.assignment.mmlab' } },
      },
      // language.md, tokens: a line ending in `|` or `,` continues on the next. Inside a one-line
      // construct (node declaration, expect) this region carries it over the newline, and over
      // any blank or comment lines, up to the next token, so the construct does not end at `$`.
      'line-continuation': {
        begin: '(?:(\\|)|(,))(?=\\s*(?://.*|/\\*.*?\\*/\\s*)?$)',
        beginCaptures: { 1: { name: 'keyword.operator.flags.mmlab' }, 2: { name: 'punctuation.separator.comma.mmlab' } },
        end: '(?=\\S)(?!//|/\\*)',
        patterns: [{ include: '#comments' }],
      },
      expect: {
        name: 'meta.expect.mmlab',
        begin: '\\b(expect)\\b',
        beginCaptures: { 1: { name: 'keyword.control.expect.mmlab' } },
        end: '(?=;|\\}|//|/\\*)|$',
        patterns: [
          {
            match: '\\b(diagnostic)\\s+([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*)',
            captures: {
              1: { name: 'keyword.other.expect.mmlab' },
              2: { name: `${'entity.name.tag.diagnostic-code.mmlab'}` },
            },
          },
          { include: '#line-continuation' },
          { match: '\\b(under)\\b', name: 'keyword.other.under.mmlab' },
          { match: '\\b(?:ok|error|oom|no|leak)\\b(?!\\s*\\()', name: 'keyword.other.expect.mmlab' },
          { include: '#values' },
        ],
      },
      'node-decl': {
        name: 'meta.declaration.node.mmlab',
        begin: '^\\s*(node)\\s+(\\d+)?\\s*([A-Za-z_][A-Za-z0-9_]*)?',
        beginCaptures: {
          1: { name: 'storage.type.declaration.mmlab' },
          2: { name: 'constant.numeric.node-id.mmlab' },
          3: { name: 'entity.name.type.node-kind.mmlab' },
        },
        end: '(?=;|//|/\\*)|$',
        patterns: [
          { include: '#line-continuation' },
          { match: '\\b(low|high)\\s*(=)', captures: { 1: { name: 'variable.parameter.watermark.mmlab' }, 2: { name: 'keyword.operator.assignment.mmlab' } } },
          { name: 'storage.modifier.attribute.mmlab', match: words(NODE_ATTRS.map((a) => a.name)) },
          { name: 'constant.language.mmlab', match: '\\b(?:normal|movable)\\b' },
          { include: '#values' },
        ],
      },
      // one line of a design declaration's body: `gate __GFP_PRIVATE`, `injects fault, mbind_move`
      'design-choice': {
        name: 'meta.design-choice.mmlab',
        begin: `^\\s*${group(DESIGN_CHOICES.map((c) => c.key))}(?=\\s+[A-Za-z_])`,
        beginCaptures: { 1: { name: 'variable.other.design-choice.mmlab' } },
        end: '(?=;|//|/\\*|\\})|$',
        patterns: [
          { name: 'keyword.other.inferred.mmlab', match: '\\binferred\\b' },
          { name: 'support.constant.design-choice-value.mmlab', match: words([...new Set(DESIGN_CHOICES.flatMap((c) => c.values.map((v) => v.name)))].filter((v) => !v.startsWith('__GFP_'))) },
          { include: '#values' },
        ],
      },
      declarations: {
        patterns: [
          { match: '^\\s*(scenario)\\b', captures: { 1: { name: 'storage.type.declaration.mmlab' } } },
          {
            match: '^\\s*(design)\\s+([A-Za-z_][A-Za-z0-9_]*)(?:\\s+(extends)\\s+([A-Za-z_][A-Za-z0-9_]*))?(?=\\s*\\{)',
            captures: {
              1: { name: 'storage.type.declaration.mmlab' },
              2: { name: 'entity.name.type.design.mmlab' },
              3: { name: 'storage.modifier.extends.mmlab' },
              4: { name: 'entity.other.inherited-class.design.mmlab' },
            },
          },
          { match: '^\\s*(design)\\b', captures: { 1: { name: 'storage.type.declaration.mmlab' } } },
          { match: '^\\s*(distance|swap)\\b', captures: { 1: { name: 'storage.type.declaration.mmlab' } } },
          {
            match: '^\\s*(cgroup)\\s+([A-Za-z_][A-Za-z0-9_.]*)',
            captures: { 1: { name: 'storage.type.declaration.mmlab' }, 2: { name: 'entity.name.cgroup.mmlab' } },
          },
          { match: '\\b(mems|sysram)\\b', name: 'keyword.other.cgroup.mmlab' },
          {
            match: '^\\s*(sysctl)\\s+([A-Za-z_][A-Za-z0-9_.]*)',
            captures: { 1: { name: 'storage.type.declaration.mmlab' }, 2: { name: 'variable.other.sysctl.mmlab' } },
          },
          {
            match: '^\\s*(param)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: { 1: { name: 'storage.type.declaration.mmlab' }, 2: { name: 'variable.other.constant.param.mmlab' } },
          },
        ],
      },
      blocks: {
        patterns: [
          {
            match: '^\\s*(task)\\s+([A-Za-z_][A-Za-z0-9_.]*)',
            captures: { 1: { name: 'storage.type.block.mmlab' }, 2: { name: 'entity.name.task.mmlab' } },
          },
          {
            match: '\\b(cpu)\\s+(\\d+)',
            captures: { 1: { name: 'keyword.other.task.mmlab' }, 2: { name: 'constant.numeric.integer.mmlab' } },
          },
          {
            match: '\\b(cgroup)\\s+([A-Za-z_][A-Za-z0-9_.]*)\\s*(?=\\{|$|cpu\\b)',
            captures: { 1: { name: 'keyword.other.task.mmlab' }, 2: { name: 'entity.name.cgroup.mmlab' } },
          },
          { match: '^\\s*(kernel|device)\\b', captures: { 1: { name: 'storage.type.block.mmlab' } } },
          {
            match: '^\\s*(driver)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: { 1: { name: 'storage.type.block.mmlab' }, 2: { name: 'entity.name.device.mmlab' } },
          },
        ],
      },
      statements: {
        patterns: [
          { match: '\\b(repeat)\\b', name: 'keyword.control.loop.mmlab' },
          { match: '\\b(memalloc_private|memalloc_folio|interrupt)\\b(?=\\s*(?:\\{|$))', name: 'keyword.control.scope.mmlab' },
        ],
      },
    },
    // keep the list of diagnostic codes visible to grammar users (not used in matching)
    'x-diagnostic-codes': Object.keys(DIAGNOSTIC_CODES),
    'x-node-kinds': NODE_KINDS.map((k) => k.name),
  };
}
