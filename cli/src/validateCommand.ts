import * as fs from 'fs';
import * as path from 'path';
import { isDynamicPattern, globSync } from 'tinyglobby';
import { Contract, loadContract, matchContract, parseConfig, readFromDisk, validateCsv } from '@loadline/shared';
import { FileProblems, formatProblems, OutputFormat } from './formatProblems';
import { UsageError } from './usageError';

export interface ValidateOptions {
  config?: string;
  format: OutputFormat;
  maxProblems: number;
}

const DEFAULT_GLOBS = ['**/*.csv', '**/*.tsv'];

/** `loadline validate`: returns the exit code (1 when any error was found). */
export function validateCommand(inputs: string[], options: ValidateOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const files = expandInputs(inputs.length > 0 ? inputs : DEFAULT_GLOBS, inputs.length === 0);
  const results: FileProblems[] = [];
  const explicitConfig = options.config ? readExplicitConfig(options.config, results) : undefined;
  const reportedConfigs = new Set<string>();

  for (const file of files) {
    let contract: Contract | undefined;
    if (options.config) {
      contract = explicitConfig && matchContract(explicitConfig, path.resolve(options.config), file)?.contract;
    } else {
      const lookup = loadContract(file, readFromDisk);
      if (lookup.configPath && lookup.configProblems.length > 0 && !reportedConfigs.has(lookup.configPath)) {
        reportedConfigs.add(lookup.configPath);
        results.push({ file: displayPath(lookup.configPath), problems: lookup.configProblems });
      }
      contract = lookup.contract?.contract;
    }
    const text = readCsv(file);
    const report = validateCsv(text, contract, { maxProblems: options.maxProblems, fileName: file });
    results.push({ file: displayPath(file), problems: report.problems });
  }

  out.write(formatProblems(results, options.format));
  const all = results.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === 'error').length;
  if (options.format === 'text') {
    err.write(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} errors, ${all.length - errors} other problems\n`);
  }
  return errors > 0 ? 1 : 0;
}

function expandInputs(inputs: string[], defaults: boolean): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matches = globSync(input, { ignore: ['**/node_modules/**', '**/.git/**'], absolute: true, dot: false });
      if (matches.length === 0 && !defaults) throw new UsageError(`no files match ${input}`);
      files.push(...matches.sort());
    } else {
      const resolved = path.resolve(input);
      if (!fs.existsSync(resolved)) throw new UsageError(`cannot read ${input}: no such file`);
      if (fs.statSync(resolved).isDirectory())
        files.push(
          ...expandInputs(
            DEFAULT_GLOBS.map((g) => `${toGlobPath(input)}/${g}`),
            true,
          ),
        );
      else files.push(resolved);
    }
  }
  return [...new Set(files)];
}

function readCsv(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${displayPath(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function readExplicitConfig(configPath: string, results: FileProblems[]) {
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch {
    throw new UsageError(`cannot read config ${configPath}: no such file`);
  }
  const parsed = parseConfig(text);
  if (parsed.ok) return parsed.config;
  results.push({ file: displayPath(configPath), problems: parsed.problems });
  return undefined;
}

const displayPath = (p: string) => {
  const relative = path.relative(process.cwd(), p);
  return relative.startsWith('..') ? p : relative;
};
const toGlobPath = (p: string) => p.split(path.sep).join('/').replace(/\/$/, '');
