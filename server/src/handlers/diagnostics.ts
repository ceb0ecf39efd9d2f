import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { URI, Utils } from 'vscode-uri';
import { BrokenContract, Problem, Severity } from '@loadline/shared';
import { relativePath } from './hover';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toDiagnostic(problem: Problem): Diagnostic {
  return {
    range: problem.range,
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: 'loadline',
    message: problem.code === 'too-many-problems' ? `${problem.message}; raise loadline.maxProblems to see them` : problem.message,
    // No `data: undefined` key: postMessage (the browser build) would carry it where JSON over stdio drops it.
    ...(problem.header === undefined && problem.reason === undefined ? {} : { data: dataOf(problem) }),
  };
}

/** The missing header (for the quick fix) and the finer reason (`minimum`, `pattern`, `enum`, the type expected…). */
function dataOf({ header, reason }: Problem): { header?: string; reason?: string } {
  return { ...(header === undefined ? {} : { header }), ...(reason === undefined ? {} : { reason }) };
}

/** Shown in place of a check that failed, so the previous version's diagnostics do not linger as if current. */
export function checkFailedDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'check-failed',
    source: 'loadline',
    message: `Loadline could not check this file: ${reason}`,
  };
}

/** The information diagnostic on row 1 of a CSV that no contract matches; its code action creates one. */
export function noContractProblem(firstLine: string): Problem {
  return {
    code: 'no-contract',
    severity: 'information',
    message:
      'No contract applies to this file: no .loadline.json contract or datapackage.json resource matches it. The quick fix "Create a contract from this file" infers one (setting loadline.noContractNotice turns this notice off).',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
  };
}

/**
 * In place of the "no contract" notice when a contract file on the CSV's way is broken: it says which (as a path
 * from the CSV's folder, the same on disk and in a browser's workspace), and where.
 */
export function brokenContractProblem(csv: string, firstLine: string, broken: BrokenContract): Problem {
  return brokenFileProblem(csv, firstLine, broken, 'this file is checked against no contract (structure only)');
}

/** On line 1 of a log whose .loadline.json is broken: no mapping checks it, which would otherwise look clean. */
export function brokenConfigForLogProblem(log: string, firstLine: string, broken: BrokenContract): Problem {
  return brokenFileProblem(log, firstLine, broken, 'no ingest mapping checks this log');
}

function brokenFileProblem(data: string, firstLine: string, { uri, problem }: BrokenContract, consequence: string): Problem {
  const file = relativePath(Utils.dirname(URI.parse(data)), uri);
  const { line, character } = problem.range.start;
  return {
    code: 'invalid-config',
    severity: 'error',
    message: `The contract file ${file} is broken, so ${consequence} until it is fixed. At ${line + 1}:${character + 1}: ${problem.message}`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
  };
}

/**
 * On row 1 of a CSV whose contract names a Table Schema file that is broken: its typed checks are off until the
 * schema is fixed, which would otherwise pass unnoticed (the header rules still check the file).
 */
export function brokenSchemaProblem(csv: string, firstLine: string, schema: URI, { range, message }: Problem): Problem {
  const file = relativePath(Utils.dirname(URI.parse(csv)), schema);
  return {
    code: 'invalid-config',
    severity: 'error',
    message: `The Table Schema ${file} is broken, so this file's typed checks (types, formats, constraints) are off until it is fixed. At ${range.start.line + 1}:${range.start.character + 1}: ${message}`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
  };
}

/** Heads the diagnostics of a document whose text the server lost track of (see DocumentStore). */
export function staleTextDiagnostic(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'out-of-sync',
    source: 'loadline',
    message:
      'The editor sent a change Loadline could not apply (see its log): these problems are of the last text it had. Close and reopen the file to check it again.',
  };
}
