import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FatalError, UsageError } from './usageError';
import { validateCommand } from './validateCommand';

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
};

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('loadline')
    .description('CSV header contracts, JSON-lines logs into MySQL, sysadmin snippets')
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'loadline: ')) });

  program
    .command('validate')
    .description('check CSV/TSV files against the nearest .loadline.json headers contract')
    .argument('[paths...]', 'files, folders or globs (default: **/*.csv and **/*.tsv here)')
    .option('--config <file>', 'use this contract file instead of looking for .loadline.json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .addOption(new Option('--max-problems <n>', 'most problems per file').argParser(positiveInt).default(1000))
    .action((paths: string[], options) => setExit(validateCommand(paths, options, process.stdout, process.stderr)));

  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      process.stderr.write(`loadline: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`loadline: ${error instanceof FatalError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 1;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
