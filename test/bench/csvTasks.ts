// One benchmark task per process, so that each peak RSS is its own. Prints {"ms":…,"readMs":…,"rssMB":…,"problems":…}.
import * as fs from 'node:fs';
import Papa from 'papaparse';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';
import { BENCH_CONTRACT, TYPED_CONTRACT } from './csvData';

// csv-file-validator has no types; this is the part of its API the benchmark uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CSVFileValidator: (csv: string, config: unknown) => Promise<{ inValidData: unknown[] }> = require('csv-file-validator');

const [task, file] = process.argv.slice(2);

// Every task gets the same string; reading and decoding the file is timed apart, as it is common to all.
const readStarted = process.hrtime.bigint();
const text = fs.readFileSync(file, 'utf8');
const readMs = Number(process.hrtime.bigint() - readStarted) / 1e6;

async function run(): Promise<number> {
  switch (task) {
    case 'papaparse': {
      let rows = 0;
      Papa.parse<string[]>(text, { step: () => void rows++ });
      return rows;
    }
    case 'papaparse-array':
      return Papa.parse<string[]>(text).data.length;
    case 'loadline':
      return validateCsv(text, BENCH_CONTRACT).problems.length;
    case 'loadline-typed':
      return validateCsv(text, TYPED_CONTRACT).problems.length;
    case 'tableschema':
      return castWithTableschema(Number(process.argv[4]));
    case 'csv-file-validator': {
      const header = text.slice(0, text.indexOf('\n')).split(',');
      const required = new Set(Object.keys(BENCH_CONTRACT.headers!).filter((h) => BENCH_CONTRACT.headers![h].required));
      const result = await CSVFileValidator(text, {
        headers: header.map((name) => ({
          name,
          inputName: name,
          required: required.has(name),
          requiredError: (h: string, r: number) => `${h} required in row ${r}`,
        })),
      });
      return result.inValidData.length;
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

/** Set by a task that times only part of its work (tableschema: the casts, not loading the schema). */
let timedMs: number | undefined;
const started = process.hrtime.bigint();
void run().then((problems) => {
  const ms = timedMs ?? Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, readMs, rssMB: process.resourceUsage().maxRSS / 1024, problems }) + '\n');
});

/** The `tableschema` package (frictionlessdata's JavaScript library) casting the first `rows` rows with the same schema. */
async function castWithTableschema(rows: number): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Schema } = require('tableschema') as { Schema: { load(descriptor: unknown): Promise<{ castRow(row: string[]): unknown[] }> } };
  const fields = Object.entries(TYPED_CONTRACT.headers!).map(([name, rule]) => ({ name, ...rule }));
  const schema = await Schema.load({ fields });
  const records = Papa.parse<string[]>(text, { preview: rows + 1 }).data.slice(1);
  const started = process.hrtime.bigint();
  let failed = 0;
  for (const record of records) {
    try {
      schema.castRow(record);
    } catch {
      failed++;
    }
  }
  timedMs = Number(process.hrtime.bigint() - started) / 1e6;
  return failed;
}
