import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { BrokenContract, ContractInfo, Problem, ReadResource, ResolvedContract } from '@loadline/shared';

export interface ContractInfoDeps {
  resolvedFor(uri: string): Promise<ResolvedContract | undefined>;
  /** When no contract applies: the broken contract file that may have held it. */
  brokenFor(uri: string): Promise<BrokenContract | undefined>;
  /** A config's text, from its editor buffer when it is open. */
  readText: ReadResource;
  /** The URI of the file's open document, if the editor has it open. */
  openUri(uri: URI): string | undefined;
}

/**
 * Which contract applies to `uri`, and where it is written (for "Open the Contract of This File"); or which
 * contract file is broken, and where, so that the status bar never says "No contract" for a broken one.
 */
export async function contractInfo(uri: string, deps: ContractInfoDeps): Promise<ContractInfo> {
  const resolved = await deps.resolvedFor(uri);
  const brokenAt = (file: URI, { range, message }: Problem): ContractInfo['broken'] => ({
    file: deps.openUri(file) ?? file.toString(),
    line: range.start.line,
    character: range.start.character,
    problem: message,
  });
  if (!resolved) {
    const broken = await deps.brokenFor(uri);
    return broken ? { kind: 'broken', broken: brokenAt(broken.uri, broken.problem) } : { kind: 'none' };
  }
  const file = URI.parse(resolved.configPath);
  const text = await deps.readText(file);
  const node =
    text === undefined
      ? undefined
      : findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, [
          resolved.kind === 'contract' ? 'contracts' : 'resources',
          resolved.index,
        ]);
  const at = node && text !== undefined ? TextDocument.create(resolved.configPath, 'json', 0, text).positionAt(node.offset) : { line: 0, character: 0 };
  const { brokenSchema, schemaPath } = resolved;
  return {
    kind: resolved.kind,
    file: deps.openUri(file) ?? resolved.configPath,
    line: at.line,
    character: at.character,
    label: resolved.contract.files[0],
    ...(brokenSchema && schemaPath ? { broken: brokenAt(URI.parse(schemaPath), brokenSchema) } : {}),
  };
}
