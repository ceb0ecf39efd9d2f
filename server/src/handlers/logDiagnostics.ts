import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { LogFinding } from '@loadline/shared';

/** A line the dry run would reject, on the part of it that explains why; the message is the reject's reason. */
export function logDiagnostic({ line, start, end, code, reason }: LogFinding): Diagnostic {
  return {
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: DiagnosticSeverity.Error,
    code,
    source: 'loadline',
    message: reason,
  };
}
