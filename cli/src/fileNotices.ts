import { URI } from 'vscode-uri';
import { CHECK_BUDGET_VARIABLE, counted, Problem, ResolvedContract } from '@loadline/shared';
import type { TextEncoding } from '@loadline/shared';
import { displayPath as shownPath } from './displayPath';
import type { SlowRuleError } from './slowRuleWatchdog';

// The problems `validate` adds to a file's own, at its start (line 1, column 1): each says why the check of the
// file is not the whole story.

/** The file's one problem when a rule was too slow: its other problems are unknown, so it fails. */
export function slowRuleProblem({ rule, budgetMs, cells }: SlowRuleError): Problem {
  const at = { line: 0, character: 0 };
  const where = cells === undefined ? 'on one cell' : `on ${counted(cells, 'cell')} (each slow)`;
  const message =
    `The check was stopped: testing the ${rule.constraint} of column "${rule.field}" ${where} took longer than ${budgetMs / 1000} s. ` +
    `Simplify that ${rule.constraint} in the contract (or set ${CHECK_BUDGET_VARIABLE} for a longer budget)`;
  return { code: 'check-failed', severity: 'error', message, range: { start: at, end: at } };
}

/** On a CSV whose contract names a broken Table Schema: it passes its header rules alone until that is fixed. */
export function brokenSchemaNotice(resolved: ResolvedContract | undefined): Problem | undefined {
  if (!resolved?.brokenSchema || !resolved.schemaPath) return undefined;
  const { range, message } = resolved.brokenSchema;
  const schema = displayPath(URI.parse(resolved.schemaPath).fsPath);
  const at = { line: 0, character: 0 };
  return {
    code: 'invalid-config',
    severity: 'error',
    message: `The Table Schema ${schema} is broken, so the typed checks (types, formats, constraints) are off until it is fixed. At ${schema}:${range.start.line + 1}:${range.start.character + 1}: ${message}`,
    range: { start: at, end: at },
  };
}

export function unlistedOrphansNote(count: number, maxProblems: number): Problem {
  const at = { line: 0, character: 0 };
  const message = `${counted(count, 'more foreign-key problem')} not shown (limit ${maxProblems} per foreign key)`;
  return { code: 'too-many-problems', severity: 'error', message, range: { start: at, end: at } };
}

export function encodingNotice(encoding: TextEncoding): Problem | undefined {
  if (encoding === 'utf-8') return undefined;
  const at = { line: 0, character: 0 };
  return { code: 'encoding', severity: 'information', message: `Not UTF-8: read as ${ENCODING_NAMES[encoding]}`, range: { start: at, end: at } };
}

const ENCODING_NAMES = {
  'utf-16le': 'UTF-16 LE (it starts with that byte order mark)',
  'utf-16be': 'UTF-16 BE (it starts with that byte order mark)',
  'windows-1252': 'Windows-1252 (Latin-1)',
};

const displayPath = (p: string) => shownPath(p, process.cwd());
