import { Snippet } from './snippet';

const PLACEHOLDER = /\{\{(\d+)(?::([^}]*))?\}\}/g;

/** VS Code snippet syntax: literal $, } and \ are escaped; {{1:x}} becomes ${1:x}. */
export function toSnippetSyntax(template: string): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out += escapeText(template.slice(last, match.index));
    out += match[2] === undefined ? `\${${match[1]}}` : `\${${match[1]}:${escapeText(match[2])}}`;
    last = match.index + match[0].length;
  }
  return out + escapeText(template.slice(last));
}

/** The shell text with every placeholder at its default: what runs if nothing is changed. */
export function fillDefaults(template: string): string {
  return template.replace(PLACEHOLDER, (_, __, value: string | undefined) => value ?? '');
}

const escapeText = (text: string) => text.replace(/[\\$}]/g, (c) => `\\${c}`);

/** Lines a terminal would run one by one: only one-line snippets may be typed into a terminal. */
export const isSingleLine = (snippet: Snippet) => !snippet.template.includes('\n');

/** The contents of a .code-snippets file for the shellscript language. */
export function toCodeSnippets(snippets: Snippet[]): Record<string, { prefix: string; body: string[]; description: string }> {
  const out: Record<string, { prefix: string; body: string[]; description: string }> = {};
  for (const s of snippets) {
    out[s.title] = {
      prefix: `ll-${s.id}`,
      body: toSnippetSyntax(s.template).split('\n'),
      description: [s.description, s.platforms].filter(Boolean).join(' '),
    };
  }
  return out;
}
