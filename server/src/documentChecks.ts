import { CsvReport, RecordMemo, validateCsv } from '@loadline/shared';
import { TextJob } from './validationProtocol';

/**
 * Checks documents' texts with one record memo per open document, so that the check after an edit parses and
 * checks only the records the edit changed. Lives where the engine runs: the Node server's worker thread, the
 * browser server.
 */
export class DocumentChecks {
  private readonly memos = new Map<string, RecordMemo>();

  /** `checkpoint` runs before each record: what it throws abandons the check, and the memo keeps the last one. */
  check({ text, contract, options, document }: TextJob, checkpoint?: () => void): CsvReport {
    let memo: RecordMemo | undefined;
    if (document !== undefined) {
      memo = this.memos.get(document) ?? new RecordMemo();
      this.memos.set(document, memo);
    }
    return validateCsv(text, contract, { ...options, memo, checkpoint });
  }

  /** The document closed: its memo goes. */
  forget(document: string): void {
    this.memos.delete(document);
  }
}
