import {
  Contract,
  ContractFileKind,
  CsvCheckOptions,
  CsvReport,
  DeclaredMapping,
  KeyRow,
  MappingColumnInfo,
  ParseResult,
  Problem,
  ResolvedContract,
} from '@loadline/shared';
import type { Resolution } from './services/foreignKeys';

/** A document's text; `document` (its URI) lets the next check of it reuse this one's work. */
export type TextJob = { contract?: Contract; options: CsvCheckOptions; text: string; document?: string };
/**
 * A document's text, or a file on disk that the worker streams (Validate Workspace). `streamProblems` (the CLI's
 * check thread): the problems come in ProblemsResponse messages as they are found, and the report holds none.
 */
export type ValidationJob = TextJob | { contract?: Contract; options: CsvCheckOptions; file: string; streamProblems?: boolean };

/**
 * A check as the server asks its host for it: a document's text is read only when a checker takes the job, as in
 * an edit storm a newer text supersedes most jobs before that (reading a 4 MB document's text joins its pieces).
 * `size` is its length meanwhile: the queue runs the quickest first.
 */
export type HostJob = ValidationJob | (Omit<TextJob, 'text'> & { readText: () => string; size: number });

/** The job as a checker runs it, its text read now. */
export const jobToRun = (job: HostJob): ValidationJob => {
  if (!('readText' in job)) return job;
  const { contract, options, document, readText } = job;
  return { contract, options, document, text: readText() };
};

/**
 * Server → validation worker: a contract to keep (and compile) under its contractKey, or one to drop; a job, whose
 * contract is either in it or named by `contractKey` among those kept; or a closed document whose memo can go. A
 * contract of 100,000 columns took longer to copy to the thread than its check took, so each thread is sent it once.
 */
export type ValidationRequest =
  | { keepContract: { key: string; contract: Contract } }
  | { dropContract: string }
  | { id: number; job: ValidationJob; contractKey?: string }
  | { forget: string };

/**
 * Validation worker → server: it has loaded and listens; then per job, that it has its contract and starts checking,
 * and then the report, why the engine threw, or that it stopped between records when asked to (`Checker.cancel`).
 */
/** Validation worker → the CLI's check thread: the next problems of a job with `streamProblems`, in file order. */
export type ProblemsResponse = { id: number; problems: Problem[] };

export type ValidationResponse =
  { ready: true } | { id: number; started: true } | { id: number; report: CsvReport } | { id: number; error: string } | { id: number; stopped: true };

/**
 * Server → its contract-file thread (the same script): a contract file's text to parse and check, or a
 * .loadline.json's text to find the mapping column at an offset of (hover).
 */
export type ContractFileRequest =
  | { id: number; contractFile: { kind: ContractFileKind; text: string } }
  | { id: number; mappingColumn: { text: string; offset: number; ingest?: DeclaredMapping[] } };

/** Contract-file thread → server: the file parsed and checked, or the mapping column found. */
export type ContractFileResponse = { ready: true } | { id: number; parsed: ParseResult<unknown> } | { id: number; column: MappingColumnInfo | undefined };

/**
 * Server → its foreign-key threads (the same script), each with the open buffers of the files it reads that the
 * thread does not hold yet (the rest it reads from the disk): a document's foreign keys to check; the row a
 * referencing cell leads to (its column's header `label`, 0-based `line`); the rows of `referrers` that refer to a
 * key cell (and the key cells themselves, `includeDeclaration`).
 */
export type ForeignKeyJob =
  | { foreignKeys: { uri: string; text: string; resolved: ResolvedContract; maxProblems: number; open: [string, string][] } }
  | { resolveReference: { uri: string; text: string; resolved: ResolvedContract; label: string; line: number; open: [string, string][] } }
  | {
      referencesTo: {
        uri: string;
        text: string;
        label: string;
        line: number;
        referrers: { uri: string; resolved: ResolvedContract }[];
        includeDeclaration: boolean;
        open: [string, string][];
      };
    };

/**
 * A job; a file that changed or closed (its keys and text go); a document that closed (the keys only it read go).
 * A job is stopped through the shared `foreignKeyStops` (FOREIGN_KEY_STOPS slots): the thread reads no message
 * while it works.
 */
export type ForeignKeyRequest = ({ id: number } & ForeignKeyJob) | { foreignKeysChanged: string } | { foreignKeysForget: string };

/** Slots of a foreign-key thread's stop flags: more than the requests a server holds there at once. */
export const FOREIGN_KEY_STOPS = 256;

/** A job's answer, by its kind. */
export type ForeignKeyAnswer = { problems: Problem[] } | { reference: Resolution | undefined } | { rows: KeyRow[] };

/**
 * Foreign-key thread → server, tagged (the same script's ProblemsResponse, `{ id, problems }`, was a check's answer
 * untagged): the answer, why the job failed, or that it stopped when asked to.
 */
export type ForeignKeyResponse =
  { id: number; kind: 'answer'; answer: ForeignKeyAnswer } | { id: number; kind: 'error'; error: string } | { id: number; kind: 'stopped' };
