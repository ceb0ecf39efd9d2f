// The log checker (shared/src/ingest/check) finds exactly the lines the dry run rejects, with equal codes and
// reasons, over generated mappings and logs cut into any number of ranges (fast-check).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { checkLogFile } from '../../shared/src/ingest/check/checkLogFile';
import { LineFinding } from '../../shared/src/ingest/check/logLineChecker';
import { dryRunFile } from '../../shared/src/ingest/dryRun';
import { fuzz } from '../support/fuzz';
import { logCase, logCaseBytes, logCaseMapping } from '../support/logCases';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loadline-logcheck-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the log checker against the dry run', () => {
  it('reports as errors exactly the dry run rejects, with equal codes and reasons, and each repeat it counts', async () => {
    let run = 0;
    const classes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(logCase, async (c) => {
        const file = path.join(dir, `log-${run++}.jsonl`);
        const bytes = logCaseBytes(c);
        fs.writeFileSync(file, bytes);
        const mapping = logCaseMapping(c);
        const rejectsFile = `${file}.rejects`;
        const report = await dryRunFile({ file, mapping, rejectsFile, rangeBytes: Math.max(1, Math.ceil(bytes.length / c.ranges)) });
        const rejects = fs.existsSync(rejectsFile)
          ? fs
              .readFileSync(rejectsFile, 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((r) => {
                const { line, code, reason } = JSON.parse(r) as { line: number; code: string; reason: string };
                return { line, code, reason };
              })
          : [];
        const findings: LineFinding[] = [];
        const counts = await checkLogFile(file, mapping, (f) => findings.push(f));
        const errors = findings.filter((f) => f.severity === 'error').map(({ line, code, reason }) => ({ line, code, reason }));
        assert.deepEqual(errors, rejects);
        assert.deepEqual(
          { lines: counts.lines, rejected: counts.rejected, duplicates: counts.duplicates },
          // Under update, the report counts repeats as `updated`.
          { lines: report.lines, rejected: report.rejected, duplicates: report.duplicates + report.updated },
        );
        for (const f of findings) classes.add(`${f.severity} ${f.code}`);
      }),
      fuzz(150),
    );
    // The generator reaches every class a log line can be rejected for, and both kinds of repeat.
    for (const expected of ['invalid-json', 'not-an-object', 'unsupported-event', 'schema-error', 'required', 'value-error', 'encoding-error', 'duplicate-key'])
      assert.ok(classes.has(`error ${expected}`), `no case was rejected as ${expected}`);
    assert.ok(classes.has('information duplicate-key'));
  });
});
