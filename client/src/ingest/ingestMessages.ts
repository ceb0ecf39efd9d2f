import { IngestError, IngestNotice } from '@loadline/shared';

/** The extension's words for the engine's errors: the fact, then what to do in VS Code. */
export function explainIngestError(error: IngestError, resumable: boolean): string {
  const resume = resumable ? ' Committed ranges are kept: run the command again and choose Resume.' : '';
  switch (error.kind) {
    case 'auth':
      return `${error.message}. Re-enter the password for this profile.`;
    case 'database-access':
      return `${error.message}: GRANT the user privileges on it, or pick another database in the profile.`;
    case 'unreachable':
      return `${error.message}. Check the profile's host and port, and that the server is running.${resume}`;
    case 'connection-lost':
      return `${error.message}. Is the server still running?${resume}`;
    case 'local-infile':
      return `${error.message}. Enable it with SET GLOBAL local_infile = ON on the server.`;
    case 'values-changed':
      return `${error.message}. Widen the table's columns or fix the values.${resume}`;
    case 'checkpoint':
      return `${error.message}. Run the command again and choose Start Over.`;
    case 'table':
      return `the table ${error.data.table} cannot take this load, so nothing was loaded: ${error.message.split('\n').join('; ')}. Change the table or the mapping in .loadline.json, or set another table in the connection profile.`;
    case 'usage':
      if (error.data.reason === 'earlier-rejects')
        return `${error.message}, which a new ingest does not replace: Move It Aside and Ingest keeps it under a dated name and goes on.`;
      if (error.data.reason === 'broken-config') return `${error.message.replace(/\.$/, '')}. Fix .loadline.json and run the command again.`;
      return error.data.reason === 'not-loadline' || error.data.reason === 'output-folder'
        ? `${error.message}, so Loadline leaves it alone.`
        : `${error.message}.`;
    case 'file':
      return `${error.message}.`;
    case 'output':
      if (error.data.reason === 'locked') return `${error.message}: wait for it to finish.`;
      if (error.data.reason === 'rejects-changed') return `${error.message}. Run the command again and choose Resume to write it again.`;
      return error.data.reason === 'ENOSPC' || error.data.reason === 'EDQUOT'
        ? `${error.message}. Free some space and run the command again.${resume}`
        : `${error.message}.${resume}`;
    default:
      return `${error.message}.${resume}`;
  }
}

export function explainNotice(notice: IngestNotice): string {
  switch (notice.kind) {
    case 'insert-fallback':
      return notice.because === 'local-infile-off'
        ? `local_infile is OFF on ${notice.where}, so rows go in with multi-row INSERT (slower). SET GLOBAL local_infile = ON on the server to use LOAD DATA.`
        : `${notice.where} is ${notice.because}, which takes LOAD DATA only in unsharded keyspaces, so rows go in with multi-row INSERT.`;
    case 'row-by-row':
      return `${notice.table} has BEFORE triggers (${notice.triggers.join(', ')}), which may change a row's key, so rows go in one at a time (slower) and each is counted by its own key.`;
    case 'checkpoint-discarded':
      return `starting over: discarding the checkpoint ${notice.checkpoint} of an earlier, interrupted ingest`;
    case 'ledger-kept':
      return `the load is complete, but its rows in ${notice.ledger} (run ${notice.runKey}) could not be deleted: ${notice.reason}`;
  }
}
