/**
 * The extensions of JSON-lines logs, written once: `loadline validate` finds them under a folder and names them in
 * its messages, the server checks them as logs, the client's document selector hands them to the server (a file a
 * mapping's `files` glob names is a log too, whatever its extension).
 */
export const JSON_LINES_EXTENSIONS: readonly string[] = ['jsonl', 'ndjson', 'jsonlines'];
/** Whether a path or URI path ends in one of JSON_LINES_EXTENSIONS, in any case (`EVENTS.JSONL`). */
export const isJsonLinesPath = (path: string) => JSON_LINES_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(`.${extension}`));
/** Extensions of the logs the ingest command offers itself for (package.json's menus repeat them; a test keeps both in step). */
export const LOG_FILE_EXTENSIONS: readonly string[] = ['log', 'json', ...JSON_LINES_EXTENSIONS];
/** CSV files load through their contract. */
export const CSV_FILE_EXTENSIONS: readonly string[] = ['csv', 'tsv'];
export const INGEST_FILE_EXTENSIONS: readonly string[] = [...LOG_FILE_EXTENSIONS, ...CSV_FILE_EXTENSIONS];
