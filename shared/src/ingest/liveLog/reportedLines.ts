/**
 * The lines of an open log that have something to report (a reject, a key that other lines hold too), kept in line
 * order across edits: the lines an edit left keep their order, so an edit sorts only the lines it added and merges
 * them in. A check then costs the lines it reports, not the log's length.
 */
export class ReportedLines<T extends { line: number }> {
  private readonly members = new Set<T>();
  /** In line order as of the last `inOrder`, with the lines removed since. */
  private listed: T[] = [];
  /** Added since the last `inOrder`. */
  private readonly fresh = new Set<T>();

  add(line: T): void {
    if (this.members.has(line)) return;
    this.members.add(line);
    this.fresh.add(line);
  }

  remove(line: T): void {
    this.members.delete(line);
    this.fresh.delete(line);
  }

  /** The lines in line order; their `line` must be where they are now. */
  inOrder(): readonly T[] {
    // A line removed and added again since is in both lists: it is placed among the fresh ones.
    const kept = this.listed.filter((line) => this.members.has(line) && !this.fresh.has(line));
    const fresh = [...this.fresh].sort((a, b) => a.line - b.line);
    this.fresh.clear();
    const merged: T[] = [];
    let k = 0;
    for (const line of fresh) {
      while (k < kept.length && kept[k].line < line.line) merged.push(kept[k++]);
      merged.push(line);
    }
    while (k < kept.length) merged.push(kept[k++]);
    return (this.listed = merged);
  }
}
