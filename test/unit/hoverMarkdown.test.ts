// Hover quotes labels and enum values from untrusted files in Markdown: rendered, they are their own text, never a
// live link or bold text, and a backtick in a value does not break its code span (hp22 09).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hoverCell } from '../../server/src/handlers/hover';

const LABEL = '[open docs](https://evil.example/)';
const VALUE = '`a` **b**';

describe('hover Markdown', () => {
  it('renders a hostile label as text and a backtick-laden enum value as one code span', () => {
    const text = `"${LABEL}"\nx\n`;
    const document = TextDocument.create('file:///ws/a.csv', 'csv', 1, text);
    const contract = { files: ['*.csv'], headers: { [LABEL]: { constraints: { enum: [VALUE] } } }, rulesKey: 'hover-markdown' };
    const hover = hoverCell(document, { line: 1, character: 0 }, { contract, configPath: 'file:///ws/.loadline.json', index: 0, kind: 'contract' }, 'a.csv');
    const markdown = (hover?.contents as { value: string }).value;
    const html = new MarkdownIt().render(markdown);
    assert.doesNotMatch(html, /<a |<strong>b<\/strong>/, html);
    assert.ok(html.includes('<strong>[open docs](https://evil.example/)</strong>'), html);
    // The enum is quoted as JSON: one code span holding the whole value, backticks and stars included.
    assert.ok(html.includes(`<code>${JSON.stringify([VALUE]).replace(/"/g, '&quot;')}</code>`), html);
  });
});
