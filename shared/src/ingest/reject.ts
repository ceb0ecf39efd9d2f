/** A rejected line as written to the rejects file (line numbers are filled in by the coordinator). */
export interface Reject {
  /** Within the range; with `fileLine`, in the file (a CSV row as the user sees it). */
  line: number;
  fileLine?: boolean;
  /** A CSV row's problem code, as its diagnostic has it (type-error, required, …). */
  code?: string;
  reason: string;
  text: string;
}
