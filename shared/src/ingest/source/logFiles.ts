/** Extensions of the JSON-lines logs the ingest command offers itself for (package.json's menus repeat them; a test keeps both in step). */
export const LOG_FILE_EXTENSIONS: readonly string[] = ['log', 'jsonl', 'json', 'ndjson'];
/** CSV files load through their contract. */
export const CSV_FILE_EXTENSIONS: readonly string[] = ['csv', 'tsv'];
export const INGEST_FILE_EXTENSIONS: readonly string[] = [...LOG_FILE_EXTENSIONS, ...CSV_FILE_EXTENSIONS];
