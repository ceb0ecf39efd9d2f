// Hover is Markdown, and what it quotes (header labels, enum values, formats) comes from untrusted files: a label
// `[docs](https://evil.example/)` must not become a live link, nor a backtick in a value break its code span.

/** Text shown as itself in Markdown: every ASCII punctuation that Markdown reads is escaped, line breaks become spaces. */
export const markdownText = (text: string) => text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');

/** A code span that holds any text: a fence longer than any run of backticks inside (CommonMark), padded where needed. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
