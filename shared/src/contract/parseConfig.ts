import Ajv, { ErrorObject } from 'ajv';
import { findNodeAtLocation, Node, parse, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { Problem } from '../problem';
import { LineCursor } from '../text/lineCursor';
import schema from './loadline.schema.json';
import { ContractConfig } from './types';

export type ConfigResult = { ok: true; config: ContractConfig } | { ok: false; problems: Problem[] };

const validateShape = new Ajv({ allErrors: true, allowUnionTypes: true }).compile<ContractConfig>(schema);

/** Parses .loadline.json (comments and trailing commas allowed) and checks its shape, with exact positions. */
export function parseConfig(text: string): ConfigResult {
  if (text.trim() === '') {
    return { ok: false, problems: [configProblem(text, 0, 0, 'The file is empty. Start it with { "contracts": [] }.')] };
  }
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length > 0 || !root) {
    return {
      ok: false,
      problems: syntaxErrors.map((e) =>
        configProblem(text, e.offset, e.offset + e.length, `Invalid JSON: ${describeParseError(e)}. Fix the syntax of .loadline.json.`),
      ),
    };
  }
  const value: unknown = parse(text, [], { allowTrailingComma: true });
  if (validateShape(value)) return { ok: true, config: value };
  return { ok: false, problems: (validateShape.errors ?? []).map((e) => shapeProblem(text, root, e)) };
}

function describeParseError(e: ParseError): string {
  return printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function shapeProblem(text: string, root: Node, error: ErrorObject): Problem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  let node = findNodeAtLocation(root, path) ?? root;
  let message = `${error.instancePath || 'The file'} ${error.message}`;
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    const property = node.children?.find((p) => p.children?.[0]?.value === extra);
    if (property?.children?.[0]) node = property.children[0];
    message = `Unknown property "${extra}" in ${error.instancePath || 'the top level'}`;
  } else if (error.keyword === 'required') {
    message = `${error.instancePath || 'The top level'} must have "${error.params.missingProperty}"`;
  } else if (error.keyword === 'enum') {
    message = `${error.instancePath} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return configProblem(text, node.offset, node.offset + node.length, `${message}. See the "Configuring .loadline.json" section of the README.`);
}

function configProblem(text: string, start: number, end: number, message: string): Problem {
  const lines = new LineCursor(text);
  return { code: 'invalid-config', severity: 'error', message, range: { start: lines.positionAt(start), end: lines.positionAt(end) } };
}
