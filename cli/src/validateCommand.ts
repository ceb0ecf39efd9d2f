import * as fs from 'fs';
import * as path from 'path';
import { isDynamicPattern, globSync } from 'tinyglobby';
import { Contract, decodeText, loadContract, matchContract, parseConfig, pathFromConfig, Problem, readFromDisk, validateCsv } from '@loadline/shared';
import { EXIT } from './exitCodes';
import { FileProblems, formatProblems, OutputFormat } from './formatProblems';
import { UsageError } from './usageError';

export interface ValidateOptions {
  config?: string;
  format: OutputFormat;
  maxProblems: number;
}

const DEFAULT_GLOBS = ['**/*.csv', '**/*.tsv'];
const GLOB_OPTIONS = { ignore: ['**/node_modules/**', '**/.git/**'], absolute: true, dot: false };

/** `loadline validate`: returns the exit code. One file that cannot be read or checked never drops the others' results. */
export function validateCommand(inputs: string[], options: ValidateOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const files = expandInputs(inputs.length > 0 ? inputs : DEFAULT_GLOBS, inputs.length === 0);
  const results: FileProblems[] = [];
  const explicitConfig = options.config ? readExplicitConfig(options.config, results) : undefined;
  const reportedConfigs = new Set<string>();
  let exit: number = EXIT.ok;
  const failed = (code: number, message: string) => {
    err.write(`loadline: ${message}\n`);
    exit = Math.max(exit, code);
  };

  for (const file of files) {
    let contract: Contract | undefined;
    if (options.config) {
      contract = explicitConfig && matchContract(explicitConfig, path.resolve(options.config), pathFromConfig(path.resolve(options.config), file))?.contract;
    } else {
      const lookup = loadContract(file, readFromDisk);
      if (lookup.configPath && lookup.configProblems.length > 0 && !reportedConfigs.has(lookup.configPath)) {
        reportedConfigs.add(lookup.configPath);
        results.push({ file: displayPath(lookup.configPath), problems: lookup.configProblems });
      }
      contract = lookup.contract?.contract;
    }
    const read = readCsv(file);
    if (typeof read === 'string') {
      failed(EXIT.usage, `cannot read ${displayPath(file)}: ${read}`);
      continue;
    }
    try {
      const report = validateCsv(read.text, contract, { maxProblems: options.maxProblems, fileName: file });
      results.push({ file: displayPath(file), problems: read.notice ? [read.notice, ...report.problems] : report.problems });
    } catch (error) {
      failed(EXIT.internal, `internal error while checking ${displayPath(file)}: ${error instanceof Error ? error.message : String(error)} (please report it)`);
    }
  }

  out.write(formatProblems(results, options.format));
  const all = results.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === 'error').length;
  if (options.format === 'text') {
    err.write(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} errors, ${all.length - errors} other problems\n`);
  }
  return Math.max(exit, errors > 0 ? EXIT.failed : EXIT.ok);
}

/** A path that exists is taken as it is, even when it looks like a glob (`report (1).csv`, `{a,b}.csv`). */
function expandInputs(inputs: string[], defaults: boolean): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const resolved = path.resolve(input);
    if (fs.existsSync(resolved)) {
      if (fs.statSync(resolved).isDirectory()) files.push(...globSync(DEFAULT_GLOBS, { ...GLOB_OPTIONS, cwd: resolved }).sort());
      else files.push(resolved);
    } else if (isDynamicPattern(input)) {
      const matches = globSync(input, GLOB_OPTIONS);
      if (matches.length === 0 && !defaults) throw new UsageError(`no files match ${input}`);
      files.push(...matches.sort());
    } else throw new UsageError(`cannot read ${input}: no such file`);
  }
  return [...new Set(files)];
}

/** The file's text (and a note when it is not UTF-8), or why it cannot be read. Only regular files: a FIFO would block forever. */
function readCsv(file: string): { text: string; notice?: Problem } | string {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return 'not a regular file';
    const decoded = decodeText(fs.readFileSync(file));
    if (!decoded.ok) return `${mib(decoded.bytes)} is more than the ${mib(decoded.limit)} that loadline validate reads at once`;
    if (decoded.encoding === 'utf-8') return { text: decoded.text };
    const at = { line: 0, character: 0 };
    const notice: Problem = {
      code: 'encoding',
      severity: 'information',
      message: `Not UTF-8: read as ${ENCODING_NAMES[decoded.encoding]}`,
      range: { start: at, end: at },
    };
    return { text: decoded.text, notice };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

const ENCODING_NAMES = {
  'utf-16le': 'UTF-16 LE (it starts with that byte order mark)',
  'utf-16be': 'UTF-16 BE (it starts with that byte order mark)',
  'windows-1252': 'Windows-1252 (Latin-1)',
};
const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(0)} MiB`;

function readExplicitConfig(configPath: string, results: FileProblems[]) {
  const text = readFromDisk(configPath);
  if (text === undefined) throw new UsageError(`cannot read config ${configPath}: no such regular file`);
  const parsed = parseConfig(text);
  if (parsed.ok) return parsed.config;
  results.push({ file: displayPath(configPath), problems: parsed.problems });
  return undefined;
}

const displayPath = (p: string) => {
  const relative = path.relative(process.cwd(), p);
  return relative.startsWith('..') ? p : relative;
};
