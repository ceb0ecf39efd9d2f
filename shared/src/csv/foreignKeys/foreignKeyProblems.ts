import { ForeignKeyTarget, ResolvedContract } from '../../contract/types';
import { Problem } from '../../problem';
import { CsvInput, findOrphans, ForeignKeyOrphan, ReferencedKeys, ReferencedReadError } from '../foreignKeyCheck';
import { orphansFromDigests } from './digestOrphans';

/**
 * A foreign key's problem; `declaredIn` (the URI of the contract file that declares the key) when it is the key's
 * own; `ofFile` when it is of the checked input as a whole (its referenced file cannot be read), on its first line.
 */
export interface ForeignKeyProblem {
  problem: Problem;
  declaredIn?: string;
  ofFile?: true;
}

/** The foreign key problems of one input, and how many orphan rows were found past `maxProblems` (per key), not listed. */
export interface ForeignKeyFindings {
  filed: ForeignKeyProblem[];
  unlistedOrphans: number;
}

/**
 * The foreign keys of one checked input: its orphan rows, and the problems of a reference that is not to a key
 * (a key repeats in the referenced file, or a referenced column is missing), which belong to the contract.
 * `keysOf` reads (or remembers) a key's referenced keys, so that the CLI and the editor each read files their
 * way; `shown` is how a message names a file. `collected`: the referencing keys the input's check collected
 * (its report's `references`, per foreign key, and its delimiter), so that the input is not parsed again for them;
 * `worded`, per foreign key, the orphans listed if they were worded before the check ended (orphansFromDigests).
 */
export async function foreignKeyProblems(
  input: CsvInput,
  resolved: ResolvedContract,
  keysOf: (target: ForeignKeyTarget) => Promise<ReferencedKeys>,
  maxProblems: number,
  shown: (file: string) => string,
  collected?: { references: Uint32Array[][]; delimiter: string; worded?: (ForeignKeyOrphan[] | undefined)[] },
): Promise<ForeignKeyFindings> {
  const filed: ForeignKeyProblem[] = [];
  let unlistedOrphans = 0;
  for (const [k, target] of (resolved.foreignKeys ?? []).entries()) {
    const onContract = (message: string): ForeignKeyProblem => ({
      declaredIn: target.declaredIn,
      problem: { code: 'invalid-config', severity: 'error', message, range: target.range },
    });
    let found: ReferencedKeys;
    try {
      found = await keysOf(target);
    } catch (error) {
      const unread = error instanceof ReferencedReadError ? error : new ReferencedReadError(target.files[0] ?? input.name, 1, (error as Error).message);
      filed.push(unreadableProblem(unread, target, shown));
      continue;
    }
    // Its keys from there on are unknown: each reference to one would be a false orphan. A file's own check says it is not CSV.
    if (found.unreadable && target.files.length > 0) {
      filed.push(unreadableProblem(found.unreadable, target, shown));
      continue;
    }
    const fault = referencedKeysFault(found, target, shown);
    if (fault) {
      filed.push(onContract(fault));
      continue;
    }
    const { orphans, count } = collected
      ? await orphansFromDigests(input, resolved.contract, target, found, collected.references[k], collected.delimiter, maxProblems, collected.worded?.[k])
      : await findOrphans(input, resolved.contract, target, found, maxProblems);
    for (const orphan of orphans) filed.push({ problem: orphanProblem(orphan, target) });
    unlistedOrphans += count - orphans.length;
  }
  return { filed, unlistedOrphans };
}

/**
 * Why the referenced keys are not a key a reference can use (a referenced column is missing, a key repeats), or
 * undefined when they are.
 */
export function referencedKeysFault(found: ReferencedKeys, target: ForeignKeyTarget, shown: (file: string) => string): string | undefined {
  const referenced = referencedTable(target);
  if (found.missingFields.length > 0)
    return `The foreign key refers to ${referenced}, but ${found.files.map(shown).join(', ')} has no column ${found.missingFields.map((f) => `"${f}"`).join(', ')}`;
  if (!found.repeat) return undefined;
  const { file, row, firstFile, firstRow } = found.repeat;
  const rows = firstFile === file ? `rows ${firstRow} and ${row} of ${shown(file)}` : `row ${firstRow} of ${shown(firstFile)} and row ${row} of ${shown(file)}`;
  return `The foreign key refers to ${referenced}, which is not a key: ${rows} both hold ${valueList(shownValues(found.repeat, target))}. Refer to a unique key (a primaryKey or uniqueKeys entry)`;
}

/** An orphan's message, as validate, the editor and ingest say it: the values, the row and what they refer to. */
export function orphanMessage(orphan: Pick<ForeignKeyOrphan, 'row' | 'values' | 'written' | 'reason'>, target: ForeignKeyTarget): string {
  const base = `Value ${writtenKey(orphan, target)} of ${fieldList(target.fields)} in row ${orphan.row} is not in ${referencedTable(target)}`;
  const types = target.referenced.map((f) => `${f.name}: ${f.type ?? 'string'}`).join(', ');
  return orphan.reason === 'uncastable' ? `${base}: it cannot be read as the referenced type (${types})` : base;
}

/**
 * One problem for a referenced file that cannot be read to its end (not a flood of orphans, one for each key it
 * did not read): the file, the line, and what to do.
 */
function unreadableProblem({ file, line, message, notCsv }: ReferencedReadError, target: ForeignKeyTarget, shown: (file: string) => string): ForeignKeyProblem {
  const name = shown(file);
  const why = notCsv
    ? `${name} is not CSV from line ${line} on (${message}). Correct ${name} at line ${line}`
    : `${name} could not be read from line ${line} on (${message}). Check again once ${name} can be read`;
  const reason = 'referenced-file-unreadable';
  return {
    ofFile: true,
    problem: {
      code: 'foreign-key',
      severity: 'error',
      message: `Cannot check the foreign key ${fieldList(target.fields)} against ${referencedTable(target)}: ${why}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      reason,
      data: { reason, file: name, line, fields: target.fields, resource: target.resource, referencedFields: target.referenced.map((f) => f.name) },
    },
  };
}

const referencedTable = (target: ForeignKeyTarget) => `${referencedName(target)} (${target.referenced.map((f) => f.name).join(', ')})`;

function orphanProblem(orphan: ForeignKeyOrphan, target: ForeignKeyTarget): Problem {
  return {
    code: 'foreign-key',
    severity: 'error',
    message: orphanMessage(orphan, target),
    range: orphan.range,
    reason: orphan.reason,
    data: {
      reason: orphan.reason,
      values: shownValues(orphan, target).map((v) => (typeof v === 'bigint' ? v.toString() : v)),
      fields: target.fields,
      resource: target.resource,
      referencedFields: target.referenced.map((f) => f.name),
    },
  };
}

/** Referenced types whose members a message shows unquoted: a number or a boolean (a date is a number only inside). */
const BARE_TYPES = new Set(['integer', 'number', 'boolean', 'year']);

/** Whether a key member reads as a number or a boolean, which messages show unquoted and `data` as a value. */
const isBare = (value: unknown, target: ForeignKeyTarget, k: number) => typeof value !== 'string' && BARE_TYPES.has(target.referenced[k].type ?? 'string');

/**
 * A key as a message shows it: each member as its cell wrote it ("02/01/2024", not the day count it is compared
 * as; 01, not 1), a number or a boolean unquoted.
 */
export function writtenKey({ values, written }: Pick<ForeignKeyOrphan, 'values' | 'written'>, target: ForeignKeyTarget): string {
  const shown = values.map((value, k) => (isBare(value, target, k) ? written[k] : JSON.stringify(written[k])));
  return shown.length === 1 ? shown[0] : `(${shown.join(', ')})`;
}

/** A key's members as values: a number or a boolean as read, anything else as its cell wrote it (not a day count). */
function shownValues({ values, written }: Pick<ForeignKeyOrphan, 'values' | 'written'>, target: ForeignKeyTarget): unknown[] {
  return values.map((value, k) => (isBare(value, target, k) ? value : written[k]));
}

/** The resource a key refers to, as messages name it. */
export const referencedName = (target: ForeignKeyTarget) => (target.resource === '' ? 'this file' : target.resource);
const shownValue = (v: unknown) => (typeof v === 'string' || (typeof v === 'object' && v !== null) ? JSON.stringify(v) : String(v));
/** One value as itself, several as a tuple: "EAST" or ("EAST", 1). */
const valueList = (values: unknown[]) => (values.length === 1 ? shownValue(values[0]) : `(${values.map(shownValue).join(', ')})`);
/** One field as itself, several as a tuple: site or (site, bay). */
export const fieldList = (names: string[]) => (names.length === 1 ? names[0] : `(${names.join(', ')})`);
