import { URI } from 'vscode-uri';
import { BrokenContract, CsvReport, ResolvedContract } from '@loadline/shared';
import { brokenContractProblem, brokenSchemaProblem, noContractProblem } from '../handlers/diagnostics';
import { hasFolder } from './resourceKinds';

/**
 * The report, with the "no contract" notice on `firstLine` where it applies; where a contract file on the way is
 * broken, an error that says so instead (whatever the setting): the file is checked against nothing. Where the
 * contract's Table Schema file is broken, an error that says its typed checks are off.
 */
export function withNoContractNotice(
  report: CsvReport,
  uri: string,
  resolved: ResolvedContract | undefined,
  settings: { noContractNotice: boolean },
  firstLine: string,
  broken: BrokenContract | undefined,
): CsvReport {
  if (resolved?.brokenSchema && resolved.schemaPath) {
    return { ...report, problems: [brokenSchemaProblem(uri, firstLine, URI.parse(resolved.schemaPath), resolved.brokenSchema), ...report.problems] };
  }
  if (resolved || !hasFolder(uri)) return report;
  if (broken) return { ...report, problems: [brokenContractProblem(uri, firstLine, broken), ...report.problems] };
  return settings.noContractNotice ? { ...report, problems: [noContractProblem(firstLine), ...report.problems] } : report;
}
