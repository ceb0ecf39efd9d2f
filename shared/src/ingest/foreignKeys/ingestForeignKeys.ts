import * as path from 'path';
import { URI } from 'vscode-uri';
import { normalizeLabel } from '../../contract/normalizeLabel';
import { ForeignKeyTarget } from '../../contract/types';
import { IngestError } from '../ingestError';
import { tableFromFileName } from '../source/tableName';

/** A foreign key as a load checks it; plain data, for the worker threads. */
export interface IngestForeignKey {
  target: ForeignKeyTarget;
  /** The referencing fields' cells in the header row, in the key's order. */
  cells: number[];
  /**
   * The tables an ingest loads the referenced files into, named as it names a CSV's table (from the file's name);
   * none for a self-reference, whose table is the load's own (its --table too).
   */
  tables: string[];
}

/**
 * The foreign keys of a CSV's contract as its load checks them. A referencing field its header lacks stops the
 * load: its rows could not be checked. A key whose referenced file is the loaded one is a self-reference, however
 * written (Table Schema's "" is shorthand for naming the resource itself).
 */
export function ingestForeignKeys(targets: ForeignKeyTarget[] | undefined, header: string[], fileName: string): IngestForeignKey[] {
  return (targets ?? []).map((target) => {
    const cells = target.fields.map((field) => header.findIndex((label) => normalizeLabel(label) === normalizeLabel(field)));
    const missing = target.fields.find((_, k) => cells[k] === -1);
    if (missing !== undefined)
      throw new IngestError(
        'file',
        `${fileName} cannot be loaded: its header has no ${missing}, part of a foreign key, so its references could not be checked`,
        {
          file: fileName,
          reason: 'no-foreign-key-field',
        },
      );
    // A reference to the loaded file itself (a resource naming itself) is a self-reference: its table is the load's own.
    if (target.files.length === 1 && path.resolve(URI.parse(target.files[0]).fsPath) === path.resolve(fileName))
      return { target: { ...target, files: [] }, cells, tables: [] };
    return { target, cells, tables: target.files.map((uri) => tableFromFileName(URI.parse(uri).fsPath)) };
  });
}
