import type { JsonLocator } from './jsonLocator';
import type { Fault } from './schemaFaults';
import { DATA_PACKAGE_GUIDE, DataPackage } from '../types';

/** Papaparse cannot split on these: they end records or open quotes. */
const NOT_DELIMITERS = ['\r', '\n', '"', '\ufeff'];

/**
 * A resource's `dialect` that Loadline would read otherwise than it says: a delimiter that is not one character
 * (the CSV would be split on nothing its header holds, and every typed check silently disarmed), or `header:
 * false` (row 1 would be taken as labels). Each is an error at the property, as a bad `delimiter` in .loadline.json is.
 */
export function dialectFaults(json: JsonLocator, value: DataPackage): Fault[] {
  return value.resources.flatMap((resource, r) => {
    const dialect: unknown = resource.dialect;
    if (typeof dialect !== 'object' || dialect === null) return [];
    const { delimiter, header } = dialect as { delimiter?: unknown; header?: unknown };
    const at = (key: string, message: string): Fault => ({ ...json.span(['resources', r, 'dialect', key]), message: `${message}. ${DATA_PACKAGE_GUIDE}` });
    const faults: Fault[] = [];
    if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1 || NOT_DELIMITERS.includes(delimiter)))
      faults.push(
        at('delimiter', `dialect.delimiter must be one character other than a quote or a line break, such as "," or ";" (got ${JSON.stringify(delimiter)})`),
      );
    if (header === false) faults.push(at('header', 'dialect.header false is not supported: Loadline reads row 1 as the header; add a header row to the file'));
    return faults;
  });
}
