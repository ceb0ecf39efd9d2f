import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { LogFinding, LogKeyRepeat } from '@loadline/shared';

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

/** A line that repeats a key the mapping skips or updates: which of the two lines the table keeps, as `loadline validate` says it. */
export function keyRepeatDiagnostic({ line, start, end, firstLine, onDuplicate }: LogKeyRepeat): Diagnostic {
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
