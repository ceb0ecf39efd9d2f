import { CsvReport, ValidateFilesParams, ValidateFilesResult } from '@loadline/shared';

/** loadline/validateFiles (Validate Workspace): checks each file as on disk and counts its problems. */
export async function validateFiles({ uris }: ValidateFilesParams, check: (uri: string) => Promise<CsvReport | undefined>): Promise<ValidateFilesResult> {
  const result: ValidateFilesResult = { checked: 0, errors: 0, others: 0 };
  for (const uri of uris) {
    const report = await check(uri);
    if (!report) continue;
    result.checked++;
    for (const problem of report.problems) {
      if (problem.severity === 'error') result.errors++;
      else result.others++;
    }
  }
  return result;
}
