import type { Connection } from 'mysql2/promise';

/**
 * Sets the two modes Loadline's statements rely on in the session's sql_mode, keeping every other mode the
 * server's owner chose:
 * - NO_BACKSLASH_ESCAPES out: mysql2 escapes values with backslashes, and LOAD DATA's `ESCAPED BY '\\'` means a
 *   backslash; under that mode the server reads each backslash as itself, so a tab would be stored as `\t` and a
 *   quote in a value could end the string early (an injection).
 * - NO_AUTO_VALUE_ON_ZERO in: without it a key 0 sent into an AUTO_INCREMENT column becomes the next generated id,
 *   a key no line has, and the line that really holds that id is then counted as its repeat (hp21 09).
 * Every connection that sends values runs this first.
 */
export async function setSessionSqlMode(connection: Connection): Promise<void> {
  await connection.query(
    "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO,'), ',NO_BACKSLASH_ESCAPES,', ','))",
  );
}
