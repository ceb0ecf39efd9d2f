// Loadline's editor-free core: what the extension, the language server and the CLI build on.
// Adapters import from '@loadline/shared' only; modules not named here are internals.

// Contracts: find, parse and match .loadline.json, Table Schemas and Data Packages.
export { CONFIG_FILE_NAME, DATA_PACKAGE_FILE_NAME } from './contract/types';
export type { Contract, ForeignKeyTarget, HeaderRule, ResolvedContract } from './contract/types';
export { literalGlob } from './contract/literalGlob';
export { fileStateOnDisk, readFromDisk } from './contract/readFromDisk';
export { describeUnreadable, MAX_CONTRACT_FILE_BYTES } from './contract/fileState';
export type { FileState, Unreadable } from './contract/fileState';
export { ContractService, parseContractFile } from './contract/contractService';
export type { BrokenContract, ContractFileKind, ReadResource } from './contract/contractService';
export type { ParseResult } from './contract/parse/parseConfig';
export { tableRules } from './contract/tableRules';
export { contractKey } from './contract/contractKey';
export { watchesRules } from './schema/fieldRule';
export type { ColumnRule } from './contract/tableRules';

// CSV checks.
export { DEFAULT_MAX_PROBLEMS, validateCsv } from './csv/check/validateCsv';
export { fileInput, validateCsvFile } from './csv/validateFile';
export type { FileReport } from './csv/validateFile';
export { readReferencedKeys, ReferencedReadError, textInput } from './csv/foreignKeyCheck';
export type { CsvInput, ForeignKeyOrphan, ReferencedKeys } from './csv/foreignKeyCheck';
export { fieldList, foreignKeyProblems, referencedName, writtenKey } from './csv/foreignKeys/foreignKeyProblems';
export { referencedKeyAt, referencedRowOf, referringKeyAt, rowsReferringTo } from './csv/foreignKeys/keyRows';
export type { KeyRow } from './csv/foreignKeys/keyRows';
export { checkRange } from './csv/parallel/checkRange';
export type { RangeJob, RangeResult } from './csv/parallel/checkRange';
export { checkFileInParallel } from './csv/parallel/parallelCheck';
export { orphansFromDigests } from './csv/foreignKeys/digestOrphans';
export { defaultThreads, THREADS_PER_CORE } from './csv/parallel/defaultThreads';
export { UnreadableFileError } from './csv/parallel/unreadableFile';
export type { RangeThread } from './csv/parallel/parallelCheck';
export { RecordMemo } from './csv/check/recordMemo';
export { DEFAULT_INFER_ROWS, inferContract } from './csv/inferContract';
export { CHECK_BUDGET_MS, CHECK_BUDGET_VARIABLE, ruleBeingTested, RULE_WATCH_BYTES, shareRuleWatch, testUnderWay, watchedThreadId } from './schema/ruleWatch';
export { systemThreadId, threadRunMs } from './threadRunTime';
export type { WatchedRule } from './schema/ruleWatch';
export { plainLimit } from './schema/writtenNumber';
export { clip } from './schema/describeFault';
export type { CsvCheckOptions, CsvReport } from './csv/check/validateCsv';
export { cellAt } from './csv/cellAt';
export { normalizeLabel } from './contract/normalizeLabel';
export { missingHeaderFixes } from './csv/missingHeaderFixes';
export type { Problem, Severity, SeverityCounts } from './problem';
export { decodeText } from './text/decodeText';
export { counted } from './text/counted';
export type { TextEncoding } from './text/decodeText';

// Ingestion.
export { ingestFile } from './ingest/ingestFile';
export { withOverrides } from './mapping/withOverrides';
export { dryRunFile } from './ingest/dryRun';
export { LogLineChecker, LogKeys, logLineMapper } from './ingest/check/logLineChecker';
export type { LineFinding, MappedLogLine } from './ingest/check/logLineChecker';
export { checkLogFile } from './ingest/check/checkLogFile';
export { countPastLimit, NOTHING_LISTED } from './ingest/check/problemsPastLimit';
export { findingSpan } from './ingest/check/findingSpan';
export type { LineSpan } from './mapping/rejectSpan';
export { pickMapping } from './mapping/pickMapping';
export { isRejectsFile } from './mapping/rejectsFileName';
export type { LogCheckCounts } from './ingest/check/checkLogFile';
export { mappingColumnAt, MappingColumnInfo } from './mapping/mappingColumnAt';
export { PREVIEW_LINES, previewIngest } from './ingest/previewIngest';
export type { IngestPreview } from './ingest/previewIngest';
export { findCsvMapping, findMapping, isCsvFile } from './ingest/source/findMapping';
export type { FoundCsvMapping, FoundMapping } from './ingest/source/findMapping';
export type { InputKind } from './ingest/source/inputKind';
export type { DeclaredMapping, OnDuplicate } from './mapping/declaredMapping';
export type { IngestNotice } from './ingest/ingestFile';
export { IngestError } from './ingest/ingestError';
export { defaultCheckpointPath } from './ingest/journal/checkpoint';
export { moveAside } from './ingest/journal/moveAside';
export { generateChatLog } from './mapping/genChatLog';
export { CSV_FILE_EXTENSIONS, INGEST_FILE_EXTENSIONS, isJsonLinesPath, JSON_LINES_EXTENSIONS, LOG_FILE_EXTENSIONS } from './ingest/source/logFiles';
export { CHAT_MESSAGES } from './mapping/chatMapping';
export { declaredMappingFor } from './ingest/liveLog/logMapping';
export { mappedValueAt } from './mapping/mappedValueAt';
export { inferMapping } from './mapping/inferMapping';
export { LiveLog } from './ingest/liveLog/liveLog';
export type { LineEdit, LogFinding, LogKeyRepeat } from './ingest/liveLog/liveLog';
export type { IngestMapping } from './mapping/ingestMapping';
export type { ClusterReport, IngestProgress, IngestReport, WriteMethod } from './ingest/report';
export { DEFAULT_MYSQL_PORT, describeTarget, parseEndpoint, parseMysqlUrl, profileHost } from './ingest/load/connect/target';
export type { MysqlTarget } from './ingest/load/connect/target';

// Sysadmin snippets.
export { SNIPPETS } from './snippets/catalog';
export { fillDefaults, isSingleLine, toSnippetSyntax } from './snippets/render';
export type { Snippet } from './snippets/snippet';

// Between the extension and its language server.
export { CONTRACT_INFO_REQUEST, LIST_FILES_REQUEST, LISTED_FILES, READ_FILE_REQUEST, RESYNC_NOTIFICATION, VALIDATE_FILES_REQUEST } from './editorProtocol';
export type {
  ContractInfo,
  ContractInfoParams,
  ListFilesParams,
  ReadFileParams,
  ResyncParams,
  ValidateFilesParams,
  ValidateFilesResult,
} from './editorProtocol';

// Where the server and the workers are, beside the running entry point.
export { childScripts } from './childScripts';
