import { Contract, ContractFileKind, CsvCheckOptions, CsvReport, ParseResult } from '@loadline/shared';

/** A document's text; `document` (its URI) lets the next check of it reuse this one's work. */
export type TextJob = { contract?: Contract; options: CsvCheckOptions; text: string; document?: string };
/** A document's text, or a file on disk that the worker streams (Validate Workspace). */
export type ValidationJob = TextJob | { contract?: Contract; options: CsvCheckOptions; file: string };

/** Server → validation worker: a job, or a closed document whose memo can go. */
export type ValidationRequest = { id: number; job: ValidationJob } | { forget: string };

/** Validation worker → server: it has loaded and listens; then per job, the report or why the engine threw. */
export type ValidationResponse = { ready: true } | { id: number; report: CsvReport } | { id: number; error: string };

/** Server → its contract-file thread (the same script): a contract file's text to parse and check. */
export type ContractFileRequest = { id: number; contractFile: { kind: ContractFileKind; text: string } };

/** Contract-file thread → server: the file parsed and checked. */
export type ContractFileResponse = { ready: true } | { id: number; parsed: ParseResult<unknown> };
