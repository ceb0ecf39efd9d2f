import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { Problem, Severity } from '@loadline/shared';

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
    ...(problem.header === undefined ? {} : { data: { header: problem.header } }),
  };
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
