// The links of Markdown documents, read with markdown-it (the parser vsce renders the README with), and the
// anchors GitHub gives their headings (github-slugger), so that a link in a code block is no link and a
// heading's anchor is the one GitHub makes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<MarkdownIt['parse']>[number];

export interface Link {
  /** The document that holds the link. */
  file: string;
  /** 1-based. */
  line: number;
  href: string;
}

/** A link with a scheme (https:, mailto:) or to another host leaves the repository: only relative links are checked. */
export const isRelative = (href: string) => !/^[a-z][a-z\d+.-]*:/i.test(href) && !href.startsWith('//');

/** The text a heading shows, as GitHub slugs it: its words and code spans, without the markup. */
const plainText = (inline: Token) =>
  (inline.children ?? [])
    .filter((t) => t.type === 'text' || t.type === 'code_inline')
    .map((t) => t.content)
    .join('');

const parse = (file: string) => markdown.parse(fs.readFileSync(file, 'utf8'), {});

/** Every link and image of a document, reference-style ones included. */
export function linksOf(file: string): Link[] {
  const links: Link[] = [];
  let line = 0; // a table cell's text has no line of its own: it is on its row's
  for (const block of parse(file)) {
    line = block.map?.[0] ?? line;
    if (block.type !== 'inline') continue;
    let breaks = 0;
    for (const token of block.children ?? []) {
      if (token.type === 'softbreak' || token.type === 'hardbreak') breaks++;
      const href = token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null;
      if (href !== null) links.push({ file, line: line + breaks + 1, href });
    }
  }
  return links;
}

/** The text of each heading of a document, in order. */
export function headingsOf(file: string): string[] {
  const tokens = parse(file);
  return tokens.flatMap((token, i) => (token.type === 'heading_open' ? [plainText(tokens[i + 1])] : []));
}

/** The anchors of a document's headings, numbered as GitHub numbers repeats (`usage`, `usage-1`). */
export function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(headingsOf(file).map((heading) => slugger.slug(heading)));
}

/** Where a relative link points: its file (the document itself for `#anchor`) and its anchor, if any. */
export function target(link: Link, root: string): { file: string; anchor?: string } {
  const [pathPart, anchor] = link.href.split('#', 2) as [string, string | undefined];
  const decoded = decodeURIComponent(pathPart);
  const file = decoded === '' ? link.file : path.resolve(decoded.startsWith('/') ? root : path.dirname(link.file), decoded.replace(/^\//, ''));
  return { file, anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

/** Each relative link among `files` that names no file, or an anchor its Markdown target has no heading for. */
export function brokenLinks(files: string[], root: string): string[] {
  const anchors = new Map<string, Set<string>>();
  const anchorsIn = (file: string) => anchors.get(file) ?? anchors.set(file, anchorsOf(file)).get(file)!;
  const broken: string[] = [];
  for (const link of files.flatMap(linksOf).filter((l) => isRelative(l.href))) {
    const where = `${path.relative(root, link.file)}:${link.line}: ${link.href}`;
    const { file, anchor } = target(link, root);
    if (!fs.existsSync(file)) broken.push(`${where}: no file ${path.relative(root, file)}`);
    else if (anchor !== undefined && file.endsWith('.md') && !anchorsIn(file).has(anchor)) broken.push(`${where}: no heading makes #${anchor}`);
  }
  return broken;
}
