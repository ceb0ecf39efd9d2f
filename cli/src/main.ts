import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_INFER_ROWS, DEFAULT_MAX_PROBLEMS, THREADS_PER_CORE } from '@loadline/shared';
import { EXIT } from './exitCodes';
import { isFatalError, isUsageError, UsageError } from './usageError';
import { genChatLogCommand, GenChatLogOptions } from './genChatLogCommand';
import { inferCommand, InferOptions } from './inferCommand';
import type { IngestCliOptions } from './ingestCommand';
import { OUTPUT_FORMATS } from './formatProblems';
import { DEFAULT_GLOBS } from './globDrops';
import { validateCommand, ValidateOptions } from './validateCommand';
import { VERSION } from './version';

// Digits only: Number() reads '' and ' ' (an unset shell variable) as 0, and 0b1, 0x10, 1e3 as 1, 16 and 1000.
const digits = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : NaN);
const positiveInt = (value: string) => {
  const n = digits(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
};
const wholeNumber = (value: string) => {
  const n = digits(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
};
/** A table in the URL's database: `a.b` would write to database a. */
const tableName = (value: string) => {
  if (value.trim() === '') throw new InvalidArgumentError('expected a table name');
  if (value.includes('.')) throw new InvalidArgumentError('expected a table name without a database; put the database in --mysql');
  return value;
};
/** A path: an empty one would be passed over (or read as the current folder) in silence. */
const filePath = (value: string) => {
  if (value === '') throw new InvalidArgumentError('expected a path, not an empty value');
  return value;
};
const rate = (value: string) => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a fraction between 0 and 1');
  return n;
};

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('loadline')
    .description('CSV header contracts, JSON-lines logs into MySQL, sysadmin snippets')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'loadline: ')) });

  program
    .command('validate')
    .description(
      'check CSV/TSV files against their contract (the nearest .loadline.json or datapackage.json), and JSON-lines logs against their ingest mapping',
    )
    .argument('[paths...]', `files, folders or globs (default: ${DEFAULT_GLOBS.join(', ').replace(/, ([^,]*)$/, ' and $1')} here)`)
    .option('--config <file>', 'use this contract file instead of looking for .loadline.json', filePath)
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .addOption(
      new Option('--max-problems <n>', 'most problems listed per file, and orphans per foreign key').argParser(positiveInt).default(DEFAULT_MAX_PROBLEMS),
    )
    .addOption(new Option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this').argParser(wholeNumber))
    .addOption(
      new Option(
        '--workers <n>',
        `threads that check a large file (default: one per core; one when nothing is typed, unique or keyed; at most ${THREADS_PER_CORE} per core and one per MiB of the file)`,
      ).argParser(positiveInt),
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      if (paths.includes('')) throw new UsageError('an empty path was given: name a file, a folder or a glob');
      setExit(await validateCommand(paths, options, process.stdout, process.stderr));
    });

  program
    .command('infer')
    .description('print a typed contract for a CSV/TSV file, inferred from its first rows')
    .argument('<file>', 'the CSV or TSV file')
    .addOption(new Option('--rows <n>', 'most data rows to read').argParser(positiveInt).default(DEFAULT_INFER_ROWS))
    .action((file: string, options: InferOptions) => setExit(inferCommand(file, options, process.stdout)));

  program
    .command('ingest')
    .description(
      'load a JSON-lines log (through its mapping in .loadline.json) or a CSV/TSV file (through its contract) into MySQL (password from MYSQL_PWD or a prompt)',
    )
    .argument('<file>', 'the JSON-lines log, or a .csv or .tsv file')
    .option('--mysql <url>', 'mysql://USER@HOST:PORT/DB, or a cluster: mysql://USER@H1:P1,H2:P2,H3:P3/DB')
    .option('--mapping <name>', 'the mapping of .loadline.json to use (default: the first whose files match, else the built-in chat mapping)')
    .option(
      '--dry-run',
      'map and check every line and write the rejects and the report, loading nothing (with --mysql, also refuse a table a real run refuses)',
    )
    .addOption(
      new Option(
        '--on-duplicate <mode>',
        "a repeated key: skip (the first one wins), update (the last one wins) or error (a line that repeats an earlier line's key is rejected); default: the mapping's, else skip",
      ).choices(['skip', 'update', 'error']),
    )
    .option('--spread', 'a cluster: start the workers on different nodes (default: all on the first that answers)')
    .option('--table <name>', "target table (default: the mapping's)", tableName)
    .addOption(new Option('--workers <n>', 'worker threads (default: one per core)').argParser(positiveInt))
    .option('--rejects <file>', 'where rejected lines go (default: FILE.TABLE.HASH.loadline-rejects.jsonl, one per target and table)')
    .option('--checkpoint <file>', 'the checkpoint (default: FILE.TABLE.HASH.loadline-checkpoint.json, one per target and table)')
    .option('--resume', 'continue an interrupted run from its checkpoint')
    .option('--json', 'print the final report as one JSON object')
    .addOption(new Option('--method <method>', 'write path').choices(['auto', 'infile', 'insert']).default('auto'))
    .addOption(new Option('--range-bytes <n>', 'bytes per range').argParser(positiveInt).hideHelp())
    // Loaded when it runs: the ingest code and mysql2 are a bundle of their own (scripts/build.mjs), which
    // `validate` never reads.
    .action(async (file: string, options: IngestCliOptions) => setExit(await (await import('./ingestCommand')).ingestCommand(file, options)));

  program
    .command('gen-chat-log')
    .description('write a deterministic JSON-lines chat log to stdout')
    .requiredOption('--lines <n>', 'how many lines', wholeNumber)
    .option('--seed <n>', 'random seed', wholeNumber, 1)
    .option('--bad-rate <fraction>', 'share of deliberately bad lines', rate, 0)
    .option('--duplicate-rate <fraction>', 'share of re-sent (duplicate) events', rate, 0.005)
    .action(async (options: GenChatLogOptions) => setExit(await genChatLogCommand(options)));

  return program;
}

// Node ignores SIGPIPE, so a reader that leaves (`| head`) arrives as an EPIPE error event: stop as `grep` would.
// A report that cannot be written (a full disk) is an output fault, like an unwritable step summary: never 1, "errors found".
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`loadline: cannot write the output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? EXIT.closedOutput : EXIT.usage);
});

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (isUsageError(error)) {
      process.stderr.write(`loadline: ${error.message}\n`);
      return EXIT.usage;
    }
    if (isFatalError(error)) {
      process.stderr.write(`loadline: ${error.message}\n`);
      return EXIT.failed;
    }
    // 1 means "errors found" (validate) or "the load failed"; a bug of ours must not look like either.
    process.stderr.write(`loadline: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.internal;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
