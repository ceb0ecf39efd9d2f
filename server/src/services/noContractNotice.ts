import { CsvReport, ResolvedContract } from '@loadline/shared';
import { noContractProblem } from '../handlers/diagnostics';
import { hasFolder } from './resourceKinds';

/** The report, with the "no contract" notice on `firstLine` where it applies. */
export function withNoContractNotice(
  report: CsvReport,
  uri: string,
  resolved: ResolvedContract | undefined,
  settings: { noContractNotice: boolean },
  firstLine: string,
): CsvReport {
  return !resolved && hasFolder(uri) && settings.noContractNotice ? { ...report, problems: [noContractProblem(firstLine), ...report.problems] } : report;
}
