import * as path from 'path';
import { URI } from 'vscode-uri';
import { ContractService } from '../../contract/contractService';
import { fileStateOnDisk, readFromDisk } from '../../contract/readFromDisk';
import { Problem } from '../../problem';
import { csvMapping } from './csvMapping';
import { readCsvSource } from './csvSource';
import { ingestForeignKeys } from '../foreignKeys/ingestForeignKeys';
import { tableFromFileName } from './tableName';
import { IngestError } from '../ingestError';
import { InputKind } from './inputKind';
import { CSV_FILE_EXTENSIONS } from './logFiles';
import { IngestMapping } from '../../mapping/ingestMapping';
import { mappingsMatching, pickMapping } from '../../mapping/pickMapping';

/** A CSV's table and rows, from the contract that applies to it. */
export interface FoundCsvMapping {
  mapping: IngestMapping;
  input: Extract<InputKind, { kind: 'csv' }>;
  /** Where the contract was written (.loadline.json or datapackage.json). */
  contractPath: string;
}

export const isCsvFile = (file: string) => CSV_FILE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());

/**
 * The mapping of a CSV from its contract (docs/ingest.md, "CSV files through their contract"): a CSV without one,
 * or whose header the contract refuses, is a 'file' IngestError. The table defaults to the file's name.
 */
export async function findCsvMapping(file: string, table?: string): Promise<FoundCsvMapping> {
  const { service, firstProblem } = diskContracts();
  const resolved = await service.lookup(URI.file(path.resolve(file)));
  if (!resolved) {
    const broken = firstProblem();
    const why = broken ? `its contract file is broken (${broken})` : 'no contract in a .loadline.json or datapackage.json applies to it';
    throw new IngestError('file', `${file} cannot be loaded through a contract: ${why}`, { file, reason: 'no-contract' });
  }
  const source = readCsvSource(file, resolved.contract, file);
  const { mapping, columns } = csvMapping(resolved.contract, source.header, table ?? tableFromFileName(file), file);
  const foreignKeys = ingestForeignKeys(resolved.foreignKeys, source.header, file);
  return {
    mapping,
    input: { kind: 'csv', csv: { ...source, columns, ...(foreignKeys.length > 0 ? { foreignKeys } : {}) } },
    contractPath: URI.parse(resolved.configPath).fsPath,
  };
}

export interface FoundMapping {
  mapping: IngestMapping;
  /** The .loadline.json that declared it; undefined for the built-in chat mapping. */
  configPath?: string;
  /** The nearest .loadline.json, declared mapping or not. */
  nearestConfig?: string;
  /** Names of the declared mappings whose globs match the log: what an editor offers when there are several. */
  matching: string[];
}

/**
 * The mapping for a log on disk, from the nearest .loadline.json (docs/ingest.md, "Ingest mappings"): the one `name`
 * picks, else the first whose globs match, else the built-in chat mapping. A broken config or an unknown
 * name is a 'usage' IngestError whose data names the config; `problems` says where it is broken.
 */
export async function findMapping(log: string, name?: string): Promise<FoundMapping> {
  const { service, firstProblem } = diskContracts();
  const found = await service.ingestMappings(URI.file(path.resolve(log)));
  const configPath = found?.configUri.fsPath;
  if (found && !found.ok) {
    const broken = firstProblem() ?? `${found.configUri.fsPath}: the config cannot be read`;
    throw new IngestError('usage', broken, { reason: 'broken-config', config: found.configUri.fsPath });
  }
  const mappings = found?.mappings ?? [];
  const picked = pickMapping(mappings, found?.below, name);
  if ('error' in picked) throw new IngestError('usage', picked.error, { reason: 'unknown-mapping', ...(configPath ? { config: configPath } : {}) });
  return {
    mapping: picked.mapping,
    ...(picked.index >= 0 ? { configPath } : {}),
    ...(configPath ? { nearestConfig: configPath } : {}),
    matching: mappingsMatching(mappings, found?.below ?? ''),
  };
}

/** A ContractService over the disk that keeps the problems it finds, each as `file:line:column: message`. */
function diskContracts(): { service: ContractService; firstProblem: () => string | undefined } {
  const problems: string[] = [];
  const service = new ContractService({
    readText: (uri) => readFromDisk(uri.fsPath),
    fileState: (uri) => fileStateOnDisk(uri.fsPath),
    // Warnings (a likely typo) leave the config usable: only errors stop an ingest.
    publishConfigProblems: (uri, found: Problem[]) =>
      problems.push(
        ...found.filter((p) => p.severity === 'error').map((p) => `${uri.fsPath}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`),
      ),
  });
  return { service, firstProblem: () => problems[0] };
}
