/** The lines that hold one key, once two or more do: `first` is the one the dry run keeps, and the others repeat it. */
export class KeyGroup<T> {
  first?: T;
  constructor(readonly holders: Set<T>) {}
}

/**
 * A line that may hold a row's key: where it is now (zero-based; the log renumbers it when lines above come or go),
 * and its key's group while another line holds the key too.
 */
export interface KeyHolder {
  line: number;
  keys?: KeyGroup<this>;
}

/**
 * The lines that hold each key, kept across an open log's edits: an edit adds and removes the lines it replaced,
 * and only the keys those lines held or hold look for their first line again. Lines that come or go elsewhere keep
 * the order of the others, so every other key keeps its first line, and its repeats, which point at the group,
 * keep naming it. A key's holders are scanned only when its first line goes. A key that one line holds (nearly
 * every key) costs an entry of the map and nothing more.
 */
export class KeyHolders<T extends KeyHolder> {
  private readonly byKey = new Map<string, T | KeyGroup<T>>();
  /** The groups that an edit changed since the last `settle`, with the lines it added to each. */
  private readonly touched = new Map<KeyGroup<T>, T[]>();

  add(key: string, holder: T): void {
    const held = this.byKey.get(key);
    if (held === undefined) this.byKey.set(key, holder);
    else if (held instanceof KeyGroup) {
      held.holders.add(holder);
      holder.keys = held;
      const added = this.touched.get(held);
      if (added) added.push(holder);
      else this.touched.set(held, [holder]);
    } else {
      const group = new KeyGroup(new Set([held, holder]));
      held.keys = holder.keys = group;
      this.byKey.set(key, group);
      this.touched.set(group, []);
    }
  }

  /** The line that now holds the key alone, when `holder` leaves it one. */
  remove(key: string, holder: T): T | undefined {
    const held = this.byKey.get(key);
    if (held === holder) this.byKey.delete(key);
    if (!(held instanceof KeyGroup) || !held.holders.delete(holder)) return undefined;
    if (held.first === holder) held.first = undefined;
    if (held.holders.size > 1) {
      if (!this.touched.has(held)) this.touched.set(held, []);
      return undefined;
    }
    const [alone] = held.holders;
    alone.keys = undefined;
    this.byKey.set(key, alone);
    this.touched.delete(held);
    return alone;
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
