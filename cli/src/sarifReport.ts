import * as path from 'path';
import { URI } from 'vscode-uri';
import { Problem } from '@loadline/shared';
import { FileProblems, inCliTerms } from './fileProblems';
import { PROBLEM_CODES } from './problemCodes';
import { INFORMATION_URI, VERSION } from './version';

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): columns count UTF-16 code units,
// as LSP positions do, and an end column is the one after the region.
const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL = { error: 'error', warning: 'warning', information: 'note' } as const;
/** Relative locations resolve against this base: the folder `loadline validate` ran in. */
const BASE = 'SRCROOT';

const RULE_IDS = Object.keys(PROBLEM_CODES) as Problem['code'][];

/** One SARIF run: a rule per problem code, a result per problem, located in the file it was found in. */
export function sarifReport(results: FileProblems[]): string {
  const rules = RULE_IDS.map((id) => ({
    id,
    shortDescription: { text: PROBLEM_CODES[id].short },
    fullDescription: { text: PROBLEM_CODES[id].help },
    help: { text: PROBLEM_CODES[id].help },
  }));
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'loadline', version: VERSION, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [BASE]: { uri: URI.file(process.cwd()).toString() + '/' } },
        results: results.flatMap(({ file, problems }) => problems.map((p) => result(file, inCliTerms(p)))),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function result(file: string, p: Problem) {
  const absolute = path.isAbsolute(file);
  return {
    ruleId: p.code,
    ruleIndex: RULE_IDS.indexOf(p.code),
    level: LEVEL[p.severity],
    message: { text: p.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: absolute ? { uri: URI.file(file).toString() } : { uri: relativeUri(file), uriBaseId: BASE },
          region: {
            startLine: p.range.start.line + 1,
            startColumn: p.range.start.character + 1,
            endLine: p.range.end.line + 1,
            endColumn: p.range.end.character + 1,
          },
        },
      },
    ],
  };
}

const relativeUri = (file: string) => file.split(path.sep).map(encodeURIComponent).join('/');
