import { Contract, CsvCheckOptions, CsvReport } from '@loadline/shared';

/** A document's text, or a file on disk that the worker streams (Validate Workspace). */
export type ValidationJob = { contract?: Contract; options: CsvCheckOptions } & ({ text: string } | { file: string });

/** Server → validation worker. */
export interface ValidationRequest {
  id: number;
  job: ValidationJob;
}

/** Validation worker → server: the report, or why the engine threw. */
export type ValidationResponse = { id: number; report: CsvReport } | { id: number; error: string };
