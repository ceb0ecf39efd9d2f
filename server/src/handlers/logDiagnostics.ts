import { Diagnostic, DiagnosticSeverity, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LogFinding, LogKeyRepeat } from '@loadline/shared';

/** The editor's position of a loader line's character. */
type LoaderPosition = (line: number, character: number) => Position;

/**
 * Where a (line, character) of the loader's lines is in the editor's text, which holds a lone CR. The loader splits a
 * log on `\n` alone (a CRLF's CR is cut with it); LSP counts a lone CR as a line break too, so past a lone CR the two
 * differ, and the position is found by offset.
 */
function loaderPositions(document: TextDocument): LoaderPosition {
  const text = document.getText();
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (line, character) => document.positionAt((starts[line] ?? text.length) + character);
}

const same: LoaderPosition = (line, character) => ({ line, character });

/**
 * Each finding's diagnostic where the loader's lines are the editor's (nearly always). LiveLog returns the same
 * finding object for a line that an edit left where it was, so an edit builds the diagnostics of the lines it
 * touched, and a publish is otherwise a list of the diagnostics built before.
 */
const built = new WeakMap<LogFinding | LogKeyRepeat, Diagnostic>();

function kept<T extends LogFinding | LogKeyRepeat>(item: T, build: (item: T, at: LoaderPosition) => Diagnostic): Diagnostic {
  let diagnostic = built.get(item);
  if (!diagnostic) built.set(item, (diagnostic = build(item, same)));
  return diagnostic;
}

/**
 * A log's diagnostics, placed in the editor's text from the loader's lines: `loneCrIn` is the document when a lone
 * CR in it makes its lines differ from the loader's (LiveLog.hasLoneCr), and only then is its text read.
 */
export function logDiagnostics(findings: LogFinding[], repeats: LogKeyRepeat[], loneCrIn?: TextDocument): Diagnostic[] {
  if (!loneCrIn) return [...findings.map((f) => kept(f, logDiagnostic)), ...repeats.map((r) => kept(r, keyRepeatDiagnostic))];
  const at = loaderPositions(loneCrIn);
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
