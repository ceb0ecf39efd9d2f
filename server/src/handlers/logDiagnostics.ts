import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { LogFinding, LogKeyRepeat } from '@loadline/shared';

/**
 * A log's diagnostics. The loader counts lines as LSP does (`\n`, `\r\n` and a lone `\r` each end one), so a
 * finding's line and character are the editor's.
 */
export function logDiagnostics(findings: LogFinding[], repeats: LogKeyRepeat[]): Diagnostic[] {
  return [...findings.map(logDiagnostic), ...repeats.map(keyRepeatDiagnostic)];
}

/** A line the dry run would reject, on the part of it that explains why; the message is the reject's reason. */
function logDiagnostic({ line, start, end, code, reason }: LogFinding): Diagnostic {
  return {
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: DiagnosticSeverity.Error,
    code,
    source: 'loadline',
    message: reason,
  };
}

/** A line that repeats a key the mapping skips or updates: which of the two lines the table keeps, as `loadline validate` says it. */
function keyRepeatDiagnostic({ line, start, end, firstLine, onDuplicate }: LogKeyRepeat): Diagnostic {
  const wins =
    onDuplicate === 'skip'
      ? `onDuplicate "skip" keeps line ${firstLine} and skips this line`
      : `onDuplicate "update" stores this line's values over it (the last line with the key wins)`;
  return {
    range: { start: { line, character: start }, end: { line, character: end } },
    severity: DiagnosticSeverity.Information,
    code: 'duplicate-key',
    source: 'loadline',
    message: `repeats the key of line ${firstLine}; ${wins}. Setting loadline.keyRepeatNotice turns this notice off.`,
  };
}
