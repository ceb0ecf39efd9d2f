import { Diagnostic, DiagnosticSeverity, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LogFinding, LogKeyRepeat } from '@loadline/shared';

/** The editor's position of a loader line's character. */
type LoaderPosition = (line: number, character: number) => Position;

/**
 * Where a (line, character) of the loader's lines is in the editor's text. The loader splits a log on `\n` alone
 * (a CRLF's CR is cut with it); LSP counts a lone CR as a line break too, so past a lone CR the two differ, and the
 * position is found by offset. Without a lone CR (nearly always) they are the same, and nothing is scanned twice.
 */
function loaderPositions(document: TextDocument): LoaderPosition {
  const text = document.getText();
  if (!/\r(?!\n)/.test(text)) return (line, character) => ({ line, character });
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (line, character) => document.positionAt((starts[line] ?? text.length) + character);
}

const same: LoaderPosition = (line, character) => ({ line, character });

/** A log's diagnostics, placed in the editor's text (`document`, when still open) from the loader's lines. */
export function logDiagnostics(document: TextDocument | undefined, findings: LogFinding[], repeats: LogKeyRepeat[]): Diagnostic[] {
  const at = document ? loaderPositions(document) : same;
  return [...findings.map((f) => logDiagnostic(f, at)), ...repeats.map((r) => keyRepeatDiagnostic(r, at))];
}

/** A line the dry run would reject, on the part of it that explains why; the message is the reject's reason. */
function logDiagnostic({ line, start, end, code, reason }: LogFinding, at: LoaderPosition): Diagnostic {
  return {
    range: { start: at(line, start), end: at(line, end) },
    severity: DiagnosticSeverity.Error,
    code,
    source: 'loadline',
    message: reason,
  };
}

/** A line that repeats a key the mapping skips or updates: which of the two lines the table keeps, as `loadline validate` says it. */
function keyRepeatDiagnostic({ line, start, end, firstLine, onDuplicate }: LogKeyRepeat, at: LoaderPosition): Diagnostic {
  const wins =
    onDuplicate === 'skip'
      ? `onDuplicate "skip" keeps line ${firstLine} and skips this line`
      : `onDuplicate "update" stores this line's values over it (the last line with the key wins)`;
  return {
    range: { start: at(line, start), end: at(line, end) },
    severity: DiagnosticSeverity.Information,
    code: 'duplicate-key',
    source: 'loadline',
    message: `repeats the key of line ${firstLine}; ${wins}. Setting loadline.keyRepeatNotice turns this notice off.`,
  };
}
