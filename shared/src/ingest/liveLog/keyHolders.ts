/** A line that may hold a row's key: where it is now (zero-based; the log renumbers it when lines above come or go). */
export interface KeyHolder {
  line: number;
}

/** The lines that hold one key; `first` is the one the dry run keeps, and the others repeat it. */
export interface KeyGroup<T extends KeyHolder> {
  first?: T;
  readonly holders: Set<T>;
}

/**
 * The lines that hold each key, kept across an open log's edits: an edit adds and removes the lines it replaced,
 * and only the keys those lines held or hold look for their first line again. Lines that come or go elsewhere keep
 * the order of the others, so every other key keeps its first line, and its repeats, which point at the group,
 * keep naming it. A key's holders are scanned only when its first line goes.
 */
export class KeyHolders<T extends KeyHolder> {
  private readonly byKey = new Map<string, KeyGroup<T>>();
  /** The groups that an edit changed since the last `settle`, with the lines it added to each. */
  private readonly touched = new Map<KeyGroup<T>, T[]>();

  /** The holder joins its key's group, which it keeps to ask for the first line. */
  add(key: string, holder: T): KeyGroup<T> {
    let group = this.byKey.get(key);
    if (!group) this.byKey.set(key, (group = { holders: new Set() }));
    group.holders.add(holder);
    const added = this.touched.get(group);
    if (added) added.push(holder);
    else this.touched.set(group, [holder]);
    return group;
  }

  remove(key: string, holder: T): void {
    const group = this.byKey.get(key);
    if (!group?.holders.delete(holder)) return;
    if (group.holders.size === 0) this.byKey.delete(key);
    if (group.first === holder) group.first = undefined;
    if (!this.touched.has(group)) this.touched.set(group, []);
  }

  /** Finds the first line of each key that changed; the holders' `line` must be where they are now. */
  settle(): void {
    for (const [group, added] of this.touched) {
      const candidates = group.first ? added : group.holders;
      for (const holder of candidates) {
        // A line an earlier change of the same edit added may have gone with a later one.
        if (group.holders.has(holder) && (group.first === undefined || holder.line < group.first.line)) group.first = holder;
      }
    }
    this.touched.clear();
  }
}
