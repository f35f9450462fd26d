/**
 * Known disagreements between the emulator (stock) and the recorded kernel answers:
 * oracle/known-disagreements.json. The mocha test fails on a disagreement that is not listed (a
 * regression, or a new scenario to triage into oracle/DISAGREEMENTS.md) and on a listed one that
 * now agrees (a fix: remove it from the list). Entries are keyed by scenario, line and the fields
 * that differ, so a change of kind (e.g. the placement is fixed but the errno still differs) also shows.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StmtVerdict } from './compare';
import { FileReport } from './index';

export interface KnownDisagreement {
  scenario: string;
  line: number;
  text: string;
  fields: string[];
  /** what the kernel does vs the emulator, and the likely kernel rule (see oracle/DISAGREEMENTS.md) */
  note?: string;
}

export function knownPath(root: string): string {
  return join(root, 'oracle', 'known-disagreements.json');
}

export function readKnown(path: string): KnownDisagreement[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as KnownDisagreement[]) : [];
}

export function writeKnown(path: string, list: KnownDisagreement[]): void {
  writeFileSync(path, JSON.stringify(list, null, 1) + '\n');
}

export function disagreementKey(scenario: string, line: number, fields: string[]): string {
  return `${scenario}:${line}:${[...fields].sort().join('|')}`;
}

export function verdictFields(v: StmtVerdict): string[] {
  return (v.diffs ?? []).map((d) => d.field).sort();
}

export function currentDisagreements(reports: FileReport[], old: KnownDisagreement[]): KnownDisagreement[] {
  const notes = new Map(old.map((k) => [`${k.scenario}:${k.line}`, k.note]));
  const out: KnownDisagreement[] = [];
  for (const r of reports) {
    const scenario = basename(r.file);
    for (const v of r.statements.filter((s) => s.verdict === 'differ')) {
      const note = notes.get(`${scenario}:${v.line}`);
      out.push({ scenario, line: v.line, text: v.text, fields: verdictFields(v), ...(note ? { note } : {}) });
    }
  }
  return out;
}
