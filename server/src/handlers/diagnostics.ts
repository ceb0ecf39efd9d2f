import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { Problem, Severity } from '../../../shared/src/problem';

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
    message: problem.message,
    data: problem.header === undefined ? undefined : { header: problem.header },
  };
}
