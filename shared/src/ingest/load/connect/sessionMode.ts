import type { Connection } from 'mysql2/promise';

/**
 * Takes NO_BACKSLASH_ESCAPES out of the session's sql_mode, keeping every other mode the server's owner chose.
 * mysql2 escapes values with backslashes, and LOAD DATA's `ESCAPED BY '\\'` means a backslash: under that mode the
 * server reads each backslash as itself, so a tab would be stored as `\t` and a quote in a value could end the
 * string early (an injection). Every connection that sends values runs this first.
 */
export async function keepBackslashEscapes(connection: Connection): Promise<void> {
  await connection.query("SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))");
}
