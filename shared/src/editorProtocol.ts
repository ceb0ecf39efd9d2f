/**
 * Where the language server has no disk (a Web Worker in vscode.dev), it reads `.loadline.json` through the
 * editor's workspace file system: it sends this request, and the client answers with the text, or null when
 * there is no such regular file.
 */
export const READ_FILE_REQUEST = 'loadline/readFile';

export interface ReadFileParams {
  uri: string;
}

/**
 * Where the language server has no disk, it lists the files below a folder that globs match (the `.loadline.json`
 * files whose mappings name logs by glob, a contract's files) through the editor: it sends this request, and the
 * client answers with their URIs. As on disk, `node_modules` and `.git` are left out and at most
 * `LISTED_FILES.max` files are listed.
 */
export const LIST_FILES_REQUEST = 'loadline/listFiles';

export interface ListFilesParams {
  /** The folder's URI; the globs are relative to it. */
  folder: string;
  globs: string[];
}

/** What a listing leaves out, and how many files it gives at most (Find References reads each one). */
export const LISTED_FILES = { max: 1000, ignore: ['**/node_modules/**', '**/.git/**'] } as const;

/** The contract that applies to a document, for the client's status bar item. */
export const CONTRACT_INFO_REQUEST = 'loadline/contractInfo';

export interface ContractInfoParams {
  uri: string;
}

export interface ContractInfo {
  /**
   * `none` when no contract applies; `broken` when none does because a contract file on the way is broken;
   * `mapping` for a log that an ingest mapping checks.
   */
  kind: 'contract' | 'data-package' | 'mapping' | 'broken' | 'none';
  /** The file to open on a click: the .loadline.json or the datapackage.json. */
  file?: string;
  /** Where in it the contract (or the resource) starts, 0-based. */
  line?: number;
  character?: number;
  /** The contract's first glob, the resource's name or path, or the mapping's name. */
  label?: string;
  /** A log's lines that `loadline ingest --dry-run` would reject. */
  rejected?: number;
  /**
   * The broken file, where it is broken (0-based) and its problem: the contract file (kind `broken`), or the
   * Table Schema file a contract names (its typed checks are then off).
   */
  broken?: { file: string; line: number; character: number; problem: string };
}

/**
 * Validate Workspace: the client lists the CSV and TSV files and sends them in batches (so that it can show
 * progress and stop); the server checks each against its contract, from the disk, and publishes diagnostics.
 * Files checked this way are checked again when they change on disk.
 */
export const VALIDATE_FILES_REQUEST = 'loadline/validateFiles';

export interface ValidateFilesParams {
  uris: string[];
}

export interface ValidateFilesResult {
  /** Files checked (the others could not be read). */
  checked: number;
  errors: number;
  /** Warnings and information. */
  others: number;
}

/**
 * Server → client, after a change it could not apply (a malformed range): LSP has no request for a document's
 * text, so the server asks with this notification, and Loadline's client answers with a change of the whole text.
 */
export const RESYNC_NOTIFICATION = 'loadline/resync';

export interface ResyncParams {
  uri: string;
}
