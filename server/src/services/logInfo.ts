import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ContractInfo, ReadResource } from '@loadline/shared';
import { CheckedLog } from './logChecks';

/** For the status bar of a log: its mapping, where it is declared, and how many lines the dry run would reject. */
export async function logInfo(log: CheckedLog, readText: ReadResource, openUri: (uri: URI) => string | undefined): Promise<ContractInfo> {
  const text = await readText(log.configUri);
  const node = text === undefined ? undefined : findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['ingest', log.index]);
  const at = node && text !== undefined ? TextDocument.create(log.configUri.toString(), 'json', 0, text).positionAt(node.offset) : { line: 0, character: 0 };
  return {
    kind: 'mapping',
    file: openUri(log.configUri) ?? log.configUri.toString(),
    line: at.line,
    character: at.character,
    label: log.declared.name,
    rejected: log.findings.length,
  };
}
