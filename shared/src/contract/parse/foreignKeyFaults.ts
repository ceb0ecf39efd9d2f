import { JSONPath } from 'jsonc-parser';
import type { JsonLocator } from './jsonLocator';
import type { Fault } from './schemaFaults';
import { normalizeLabel } from '../normalizeLabel';
import { ForeignKey, keyFieldsOf, TableSchema } from '../../schema/tableSchema';
import type { Contract } from '../types';
import { counted } from '../../text/counted';

const SEE = 'See "Foreign keys" in docs/contracts-reference.md.';

/**
 * What one file can tell about a schema's `foreignKeys` (Table Schema: "fields" and "reference.fields" of equal
 * length; fields of this schema; a self-reference's fields too). `known`: the labels this schema has, normalized
 * (undefined: not known here).
 * What the referenced resource holds is checked where it is read (contract/foreignKeyTargets).
 */
function foreignKeyFaults(json: JsonLocator, foreignKeys: { foreignKey: ForeignKey; path: JSONPath }[], known: ReadonlySet<string> | undefined): Fault[] {
  const faults: Fault[] = [];
  const at = (where: JSONPath, fallback: JSONPath, message: string) => faults.push({ ...json.span(where, fallback), message: `${message}. ${SEE}` });
  for (const { foreignKey, path: fkPath } of foreignKeys) {
    const fields = keyFieldsOf(foreignKey.fields);
    const referenced = keyFieldsOf(foreignKey.reference.fields);
    if (fields.length !== referenced.length)
      at(
        [...fkPath, 'reference', 'fields'],
        fkPath,
        `The foreign key has ${counted(fields.length, 'field')} but its reference has ${referenced.length}: give as many of each, in the same order`,
      );
    const notHere = (written: string | string[], where: JSONPath, what: string) =>
      keyFieldsOf(written).forEach((name, i) => {
        if (known && !known.has(normalizeLabel(name)))
          at(
            Array.isArray(written) ? [...fkPath, ...where, i] : [...fkPath, ...where],
            fkPath,
            `The ${what} names "${name}", which is not a field of this schema`,
          );
      });
    notHere(foreignKey.fields, ['fields'], 'foreign key');
    if (!foreignKey.reference.resource) notHere(foreignKey.reference.fields, ['reference', 'fields'], 'self-reference');
  }
  return faults;
}

/** A Table Schema's `foreignKeys`; `labels`: header rules that also count as its fields. */
export function schemaForeignKeyFaults(json: JsonLocator, schema: TableSchema, path: JSONPath, labels: string[] = []): Fault[] {
  if (!schema.foreignKeys) return [];
  const known = new Set([...schema.fields.map((f) => f.name), ...labels].map(normalizeLabel));
  return foreignKeyFaults(
    json,
    schema.foreignKeys.map((foreignKey, k) => ({ foreignKey, path: [...path, 'foreignKeys', k] })),
    known,
  );
}

/** Header rules' `foreignKey`: a key of one column, so its reference names one field. */
export function headerForeignKeyFaults(json: JsonLocator, contract: Contract, c: number): Fault[] {
  const entries = Object.entries(contract.headers ?? {}).flatMap(([label, rule]) =>
    rule.foreignKey ? [{ foreignKey: { fields: label, reference: rule.foreignKey.reference }, path: ['contracts', c, 'headers', label, 'foreignKey'] }] : [],
  );
  if (entries.length === 0) return [];
  const schema = typeof contract.schema === 'object' ? contract.schema : undefined;
  // A schema given by path is read later: a self-reference to one of its fields is checked there.
  const known =
    typeof contract.schema === 'string'
      ? undefined
      : new Set([...Object.keys(contract.headers ?? {}), ...(schema?.fields ?? []).map((f) => f.name)].map(normalizeLabel));
  return foreignKeyFaults(json, entries, known);
}

/** Two contracts of one name: a reference to it would be ambiguous. */
export function repeatedContractNames(json: JsonLocator, contracts: Contract[]): Fault[] {
  const first = new Map<string, number>();
  const faults: Fault[] = [];
  contracts.forEach((contract, c) => {
    if (contract.name === undefined) return;
    const earlier = first.get(contract.name);
    if (earlier === undefined) first.set(contract.name, c);
    else
      faults.push({
        ...json.span(['contracts', c, 'name']),
        message: `Contract name "${contract.name}" repeats contract ${earlier + 1}'s: a foreign key naming it would be ambiguous; give each contract its own name. ${SEE}`,
      });
  });
  return faults;
}
