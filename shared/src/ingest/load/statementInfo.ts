/**
 * The numbers of a statement's OK-packet info, in order: "Records: 5  Duplicates: 1  Warnings: 0" (a multi-row
 * INSERT), "Rows matched: 1  Changed: 0  Warnings: 0" (an UPDATE). The words are in the server's language
 * (lc_messages), so only the numbers are read. Empty when the server sent none (a single-row INSERT).
 */
export function statementInfoNumbers(info: string | undefined): number[] {
  return (info ?? '').match(/\d+/g)?.map(Number) ?? [];
}
