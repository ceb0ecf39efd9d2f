/**
 * Which rule the engine is testing now, kept in memory that another thread can read while this one is busy: a
 * supervisor that abandons a check past its time budget can then name the rule that was too slow. Only rules whose
 * cost depends on the contract's own text (patterns, strptime formats) are watched; the rest cost the same for every contract.
 */
export interface WatchedRule {
  field: string;
  constraint: string;
}

/** How long a check (in the server) or one test of a watched rule (in the CLI) may run before it is abandoned. */
export const CHECK_BUDGET_MS = 5_000;
/** The environment variable that sets another budget: a slower machine may need more for its largest documents. */
export const CHECK_BUDGET_VARIABLE = 'LOADLINE_CHECK_BUDGET_MS';

/** [the test's number (0: none), name length, name's UTF-16 code units…]. */
const NAME_AT = 2;
const MAX_NAME = 256;
export const RULE_WATCH_BYTES = (NAME_AT + MAX_NAME) * 4;

let slots: Int32Array | undefined;
/** The rule whose name the slots hold. */
let namedField: string | undefined;
let namedConstraint: string | undefined;
/** Numbers each test, so that a supervisor that sees the same number twice knows one test took that long. */
let test = 0;

/** Called once by a worker thread with the buffer its supervisor reads. */
export function shareRuleWatch(buffer: SharedArrayBuffer): void {
  slots = new Int32Array(buffer);
  namedField = undefined;
}

/**
 * Brackets one test of a watched rule: its name is made and written only when the rule differs from the last, so a
 * column of cells costs two stores each (making the name for every cell was 2.5% of a typed check's thread).
 */
export function watchRule(field: string, constraint: string): void {
  if (!slots) return;
  if (field !== namedField || constraint !== namedConstraint) {
    const name = `${constraint}\u0000${field}`.slice(0, MAX_NAME);
    for (let i = 0; i < name.length; i++) slots[NAME_AT + i] = name.charCodeAt(i);
    Atomics.store(slots, 1, name.length);
    namedField = field;
    namedConstraint = constraint;
  }
  test = test === 0x7fffffff ? 1 : test + 1;
  Atomics.store(slots, 0, test);
}

export function unwatchRule(): void {
  if (slots) Atomics.store(slots, 0, 0);
}

/** The number of the test under way, or 0 when no watched rule is being tested. */
export function testUnderWay(buffer: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(buffer), 0);
}

/** The rule under test when the watched thread stopped answering, or undefined when it was busy elsewhere. */
export function ruleBeingTested(buffer: SharedArrayBuffer): WatchedRule | undefined {
  const view = new Int32Array(buffer);
  if (Atomics.load(view, 0) === 0) return undefined;
  const name = String.fromCharCode(...view.subarray(NAME_AT, NAME_AT + Atomics.load(view, 1)));
  const split = name.indexOf('\u0000');
  return { constraint: name.slice(0, split), field: name.slice(split + 1) };
}
