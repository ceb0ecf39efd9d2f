/**
 * A log's line breaks: `\r\n`, `\n` and a lone `\r`, as editors and LSP count lines (and as the CSV checks do), so
 * that line N of a log is the same line in the editor, in `loadline validate`'s output and in the rejects file.
 */
const LINE_BREAK = /\r\n|\r|\n/;

/** The lines of a text, without their breaks. A text without a `\r` (nearly every log) takes the plain split. */
export function splitLogLines(text: string): string[] {
  return text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
}
