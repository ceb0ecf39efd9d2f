import { Contract, CsvCheckOptions, CsvReport } from '@loadline/shared';

export interface ValidationJob {
  text: string;
  contract?: Contract;
  options: CsvCheckOptions;
}

/** Server → validation worker. */
export interface ValidationRequest {
  id: number;
  job: ValidationJob;
}

/** Validation worker → server: the report, or why the engine threw. */
export type ValidationResponse = { id: number; report: CsvReport } | { id: number; error: string };
