import { castFor } from './castValue';
import { FieldRule } from './fieldRule';
import { SchemaField } from './tableSchema';
import { Cast, INVALID } from './temporal';

/**
 * How a referencing cell becomes a value to look up among a foreign key's referenced keys. A typed referencing
 * field reads the cell by its own rules (its date format, decimalChar and groupChar, trueValues), as
 * frictionless-py casts each row by its own schema: "01/02/2024" under "%d/%m/%Y" is the referenced 2024-02-01.
 * The value is then compared in the referenced type: the same type as it is, a number or a string read again as
 * the referenced type (an integer field's 1 matches a number key 1.0). An untyped (string) referencing field is
 * read by the referenced field, so that "01" refers to the integer key 1. INVALID when the cell reads as neither.
 */
export function castAsReferenced(own: FieldRule | undefined, referenced: SchemaField): Cast<unknown> {
  const asReferenced = castFor(referenced);
  const type = referenced.type ?? 'string';
  if (!own || (own.type === 'string' && own.field.format === undefined) || own.type === 'any') return asReferenced;
  if (own.type === type) return own.cast;
  // Read again without the referenced field's format: the value's own text is in the default form.
  const plain = castFor({ type });
  // A number is a double, which loses an integer past 2^53 (9007199254740993 is …992; 1e21 writes as "1e+21"): a
  // cell that is an integer as written is that integer (hp14 06).
  const asWritten = own.type === 'number' && type === 'integer';
  return (raw) => {
    const value = own.cast(raw);
    if (value === INVALID) return INVALID;
    if (asWritten) {
      const integer = plain(raw);
      if (integer !== INVALID) return integer;
    }
    return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' ? plain(String(value)) : INVALID;
  };
}
