import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { counted, countPastLimit, LogFinding, LogKeyRepeat, NOTHING_LISTED } from '@loadline/shared';

/**
 * A log's diagnostics. The loader counts lines as LSP does (`\n`, `\r\n` and a lone `\r` each end one), so a
 * finding's line and character are the editor's. LiveLog returns the same finding object for a line that an edit
 * left where it was, so an edit builds the diagnostics of the lines it touched, and a publish is otherwise a list of
 * the diagnostics built before.
 */
export function logDiagnostics(findings: LogFinding[], repeats: LogKeyRepeat[], maxProblems: number): Diagnostic[] {
  // The rejects first, as the dry run counts them; a log of 300,000 bad lines must not send them all on each edit.
  const rejects = countPastLimit(NOTHING_LISTED, maxProblems, { count: findings.length, errors: true, lineAt: (i) => findings[i].line });
  const tally = countPastLimit(rejects, maxProblems, { count: repeats.length, errors: false, lineAt: (i) => repeats[i].line });
  const shown = [...findings.slice(0, rejects.listed).map((f) => kept(f, logDiagnostic))];
  shown.push(...repeats.slice(0, tally.listed - rejects.listed).map((r) => kept(r, keyRepeatDiagnostic)));
  const { hidden, hiddenErrors: errors, firstHiddenLine: first } = tally;
  if (hidden === 0) return shown;
  return [
    ...shown,
    {
      range: { start: { line: first, character: 0 }, end: { line: first, character: 0 } },
      severity: errors > 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Information,
      code: 'too-many-problems',
      source: 'loadline',
      message: `${counted(hidden, 'more problem')} not shown (limit ${maxProblems}), ${counted(errors, 'error')} among them; raise loadline.maxProblems to see them`,
    },
  ];
}

const built = new WeakMap<LogFinding | LogKeyRepeat, Diagnostic>();

function kept<T extends LogFinding | LogKeyRepeat>(item: T, build: (item: T) => Diagnostic): Diagnostic {
  let diagnostic = built.get(item);
  if (!diagnostic) built.set(item, (diagnostic = build(item)));
  return diagnostic;
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
