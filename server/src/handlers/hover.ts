import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { codeSpan, markdownText } from './markdownText';
import { BrokenContract, cellAt, clip, ColumnRule, MappingColumnInfo, plainLimit, Problem, ResolvedContract } from '@loadline/shared';

/**
 * Column, type, format, constraints and the file they came from, for the cell under the cursor; `broken` is the
 * contract file on the way that is broken when no contract applies.
 */
export function hoverCell(
  document: TextDocument,
  position: Position,
  resolved: ResolvedContract | undefined,
  fileName: string,
  broken?: BrokenContract,
): Hover | null {
  const cell = cellAt(document.getText(), document.offsetAt(position), resolved?.contract, fileName);
  if (!cell) return null;
  const name = cell.label || `(blank header)`;
  const lines = [`**${markdownText(name)}** (column ${cell.column + 1})`];
  const csv = URI.parse(document.uri);
  if (broken)
    lines.push(`The contract file ${shownFrom(csv, broken.uri)} is broken, so no contract checks this file until it is fixed. ${fault(broken.problem)}`);
  else if (!resolved) lines.push('No contract applies to this file (no `.loadline.json` contract or `datapackage.json` resource matches it).');
  if (resolved?.brokenSchema && resolved.schemaPath) {
    lines.push(
      `The Table Schema ${shownFrom(csv, URI.parse(resolved.schemaPath))} is broken, so the typed checks are off until it is fixed. ${fault(resolved.brokenSchema)}`,
    );
  }
  if (resolved && !cell.rule) lines.push('Not in the contract.');
  else if (resolved && cell.rule) lines.push(...describeColumn(cell.rule), from(resolved, cell.rule, csv));
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') },
    range: { start: document.positionAt(cell.start), end: document.positionAt(cell.end) },
  };
}

function describeColumn(column: ColumnRule): string[] {
  const { field, required } = column.rule;
  const lines: string[] = [];
  if (column.rule.typed || field.type) {
    const format = field.format && field.format !== 'default' ? `, format ${codeSpan(field.format)}` : '';
    const options = (['trueValues', 'falseValues', 'decimalChar', 'groupChar', 'bareNumber', 'missingValues', 'delimiter', 'itemType'] as const)
      .filter((key) => field[key] !== undefined)
      .map((key) => `${key} ${codeSpan(JSON.stringify(field[key]))}`);
    lines.push(`Type: \`${field.type ?? 'string'}\`${format}${options.length > 0 ? ` (${options.join(', ')})` : ''}`);
  }
  const constraints = Object.entries(field.constraints ?? {})
    .filter(([key, value]) => value !== undefined && key !== 'required')
    .map(([key, value]) => (value === true ? key : `${key} ${shownLimit(plainLimit(value))}`));
  if (required) constraints.unshift('required: no cell may be empty');
  else if (column.headerRequired) constraints.unshift('the header is required; cells may be empty');
  lines.push(constraints.length > 0 ? `Constraints: ${constraints.join(', ')}` : 'Optional, no constraints.');
  if (column.mapsTo) lines.push(`Maps to field ${codeSpan(column.mapsTo)}.`);
  if (field.description) lines.push(field.description);
  return lines;
}

/** How many of an enum's values hover lists, and the most characters it quotes of one limit: a contract may hold an enum of 100,000 codes. */
const HOVER_ENUM_SHOWN = 20;
const HOVER_LIMIT_SHOWN = 200;

/** A limit as hover quotes it: a long enum as its count and first values, any other limit clipped. */
function shownLimit(limit: unknown): string {
  const quoted = (value: unknown) => codeSpan(clip(String(JSON.stringify(value)), HOVER_LIMIT_SHOWN));
  if (!Array.isArray(limit) || limit.length <= HOVER_ENUM_SHOWN) return quoted(limit);
  return `(${limit.length.toLocaleString('en-US')} values) such as ${limit.slice(0, HOVER_ENUM_SHOWN).map(quoted).join(', ')}`;
}

/** Where a contract file is broken and how to fix it, as its problem says. */
function fault({ range, message }: Problem): string {
  return `At ${range.start.line + 1}:${range.start.character + 1}: ${message}`;
}

/** A file as a path from the CSV's folder, quoted. */
const shownFrom = (csv: URI, file: URI) => `\`${relativePath(Utils.dirname(csv), file)}\``;

/** Which file the rules came from, as a path from the CSV's folder. */
function from(resolved: ResolvedContract, column: ColumnRule, csv: URI): string {
  const shown = (uri: string) => `\`${relativePath(Utils.dirname(csv), URI.parse(uri))}\``;
  if (resolved.kind === 'data-package') {
    return `From the Data Package ${shown(resolved.configPath)} (resource ${resolved.index + 1})${resolved.schemaPath ? `, schema ${shown(resolved.schemaPath)}` : ''}.`;
  }
  const contract = `contract ${resolved.index + 1} of ${shown(resolved.configPath)}`;
  return column.origin === 'schema' && resolved.schemaPath ? `From the Table Schema ${shown(resolved.schemaPath)}, named by ${contract}.` : `From ${contract}.`;
}

/** `to` as a path from the folder `from` (`../.loadline.json`). */
export function relativePath(from: URI, to: URI): string {
  const a = from.path.split('/').filter(Boolean);
  const b = to.path.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/') || to.path;
}

/** Over an ingest mapping's column in .loadline.json (`info`, mappingColumnAt's): the SQL type of the column a new table gets. */
export function hoverMappingColumn(document: TextDocument, info: MappingColumnInfo | undefined): Hover | null {
  if (!info) return null;
  const key = info.inKey ? ', part of the key' : '';
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: `**${info.column}** \`${info.sqlType}\`\n\nThe column \`${info.column}\` of \`${info.table}\` (mapping "${info.mapping}"${key}) when Loadline creates the table. An existing table's own column type applies instead.`,
    },
    range: { start: document.positionAt(info.start), end: document.positionAt(info.end) },
  };
}
