import { quote } from 'shell-quote';
import { counted, IngestError, IngestNotice } from '@loadline/shared';

/** The CLI's words for the engine's errors: the fact, then what to type next. */
export function explainIngestError(error: IngestError, resumeCommand: string | undefined): string {
  const resume = resumeCommand ? ` Committed ranges are kept; continue with: ${resumeCommand}` : '';
  const { data } = error;
  switch (error.kind) {
    case 'auth':
      return `${error.message}. Set the right password in MYSQL_PWD (or type it at the prompt).`;
    case 'database-access':
      return `${error.message}: GRANT the user privileges on it, or pick another database in --mysql.`;
    case 'unreachable':
      if (data.reason === 'unknown-host') return `${error.message}. Check the host in --mysql.`;
      if (data.reason === 'no-answer') return `${error.message}. Check the host, the port and any firewall.${resume}`;
      if (data.reason === 'no-quorum')
        return `${error.message}. Bring enough nodes back for a majority, or, if the others are gone for good, bootstrap this one (SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES').${resume}`;
      if (data.reason === 'not-ready')
        return `${error.message}. Wait until the node has rejoined its cluster (wsrep_local_state_comment Synced), or list the other nodes in --mysql.${resume}`;
      return `${error.message}. Is the server running?${resume}`;
    case 'connection-lost':
      return `${error.message}. Is the server still running?${resume}`;
    case 'local-infile':
      return `${error.message}. Enable it with SET GLOBAL local_infile = ON (or local_infile=ON under [mysqld] in my.cnf), or load with --method insert.`;
    case 'values-changed':
      return `${error.message}. Widen the table's columns or fix the values.${resume}`;
    case 'checkpoint':
      return `${error.message}; ${checkpointFix(data)}`;
    case 'usage':
      return usageText(error);
    case 'file':
      // With a byte order mark, iconv's UTF-16 or UTF-32 reads the order from it (and drops it).
      if (data.reason === 'utf-16-or-32') return wideTextFix(error.message, data);
      if (data.reason === 'lost') return `${error.message}.${resume}`;
      return data.reason === 'changed' ? `${error.message}. Load a copy that nothing writes to.` : error.message;
    case 'table':
      return `the table ${data.table} cannot take this load, so nothing was loaded:\n  ${error.message.split('\n').join('\n  ')}\n${
        data.input === 'csv' ? "Change the table, or the CSV's header and contract" : 'Change the table or the mapping in .loadline.json'
      }, or load into a new --table.`;
    case 'output':
      return outputFix(error.message, data.reason, resume);
    case 'server':
    case 'internal':
      return `${error.message}.${resume}`;
  }
}

/** iconv for a UTF-16 or UTF-32 file; `tail` first drops the stray bytes before its byte order mark or its text. */
function wideTextFix(message: string, data: Record<string, string>): string {
  const from = `-f ${data.bom === 'yes' ? data.encoding.slice(0, 6) : data.encoding} -t UTF-8`;
  const file = shellWord(data.file);
  const offset = Number(data.offset ?? 0);
  if (offset === 0) return `${message}, for example: iconv ${from} ${file} > utf8-copy`;
  const stray = counted(offset, 'stray byte');
  return `${message} without the ${stray} before its text, for example: tail -c +${offset + 1} ${file} | iconv ${from} > utf8-copy`;
}

/** A file name as one shell word that is no option: spaces, quotes, `$` and `;` quoted, a leading `-` behind `./`. */
const shellWord = (file: string) => quote([file.startsWith('-') ? `./${file}` : file]);

function outputFix(message: string, reason: string | undefined, resume: string): string {
  switch (reason) {
    case 'locked':
      return `${message}: wait for it to finish, or give this run its own --checkpoint and --rejects.`;
    case 'rejects-changed':
      return `${message}, so it may not hold this run's rejects. Give each run its own --rejects.${resume ? resume.replace('continue with', 'write the rejects again with') : ''}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${message}. Free some space, or choose another --rejects or --checkpoint.${resume}`;
    default:
      return `${message}. Choose another --rejects or --checkpoint.${resume}`;
  }
}

function checkpointFix(data: Readonly<Record<string, string>>): string {
  switch (data.reason) {
    case 'missing':
      return 'run without --resume';
    case 'other-target':
      return `pass the --mysql and --table it was started with, or delete ${data.checkpoint} and run without --resume`;
    case 'mapping-changed':
      return `put the mapping (and --mapping, --on-duplicate, the CSV's contract) back as they were, or delete ${data.checkpoint} and run without --resume`;
    case 'references-changed':
      return `put ${data.file} back as it was (the rows loaded so far were checked against its keys), or delete ${data.checkpoint} and run without --resume to check every row against it as it is now`;
    case 'keyless-mapping-changed':
      return `put the mapping (and --mapping, the CSV's contract) back as they were and run with --resume, or start over into an empty table: empty ${data.table} (TRUNCATE TABLE, or DELETE those rows) or load into a new --table, then delete ${data.checkpoint} and run without --resume`;
    case 'unreadable':
      return 'make it readable, or choose another --checkpoint';
    default:
      return `delete ${data.checkpoint} and run without --resume to start over (into a table without a key, first delete the rows it loaded: nothing tells them from new ones)`;
  }
}

function usageText(error: IngestError): string {
  switch (error.data.reason) {
    case 'password-in-url':
      return 'put the password in MYSQL_PWD (or type it at the prompt), not in the URL';
    case 'not-mysql-url':
      return `${error.message} (expected mysql://USER@HOST:PORT/DB)`;
    case 'output-clash':
      return `${error.message}: choose another --${error.data.output}`;
    case 'no-folder':
      return `${error.message}: create it, or choose another --${error.data.output}`;
    case 'output-folder':
      return `${error.message}: give --${error.data.output} a file name, not a folder`;
    case 'keyless-restart':
      return `${error.message}: run with --resume to finish that load, or delete those rows and ${error.data.checkpoint} to start over`;
    case 'earlier-rejects':
      return `${error.message}, which a new run does not replace: move it aside to keep it, or give this run another file with --rejects PATH`;
    case 'not-loadline':
      return `${error.message}, so Loadline leaves it alone: name another place for the ${error.data.output} file with --${error.data.output}`;
    case 'broken-config':
      return `${error.message.replace(/\.$/, '')}. Fix the config, then run again (loadline validate shows every problem in it).`;
    case 'unknown-mapping':
      return `${error.message}. Pass one of them to --mapping, or declare it in ${error.data.config ?? 'a .loadline.json beside the log'}.`;
    default:
      return error.message;
  }
}

export function explainNotice(notice: IngestNotice): string {
  switch (notice.kind) {
    case 'insert-fallback':
      return notice.because === 'local-infile-off'
        ? `local_infile is OFF on ${notice.where}, so rows go in with multi-row INSERT (slower). SET GLOBAL local_infile = ON to use LOAD DATA.`
        : `${notice.where} is ${notice.because}, which takes LOAD DATA only in unsharded keyspaces, so rows go in with multi-row INSERT. Pass --method infile if this keyspace is unsharded.`;
    case 'row-by-row':
      return `${notice.table} has BEFORE triggers (${notice.triggers.join(', ')}), which may change a row's key, so rows go in one at a time (slower) and each is counted by its own key.`;
    case 'checkpoint-discarded':
      return `starting over: an earlier run left ${notice.checkpoint}; use --resume to continue it instead`;
    case 'ledger-kept':
      return `the load is complete, but its rows in ${notice.ledger} (run ${notice.runKey}) could not be deleted: ${notice.reason}. They only take space.`;
  }
}
