import * as fs from 'fs';
import * as path from 'path';
import { decodeText, inferContract, literalGlob, MAX_CONTRACT_FILE_BYTES, validateCsv } from '@loadline/shared';
import { UsageError } from './usageError';

export interface InferOptions {
  rows: number;
}

const CHUNK_BYTES = 1 << 20;
/** Reading stops here even if the rows asked for are not all in: the sample is large enough. */
const MAX_SAMPLE_BYTES = 256 * CHUNK_BYTES;

/** `loadline infer FILE`: prints a contract inferred from the file's first rows, ready for .loadline.json. */
export function inferCommand(file: string, options: InferOptions, out: NodeJS.WritableStream): number {
  const { sample, whole } = readSample(file, options.rows);
  const decoded = decodeText(sample);
  if (!decoded.ok) throw new UsageError(`cannot read ${file}: too large a sample`);
  // A file that is not CSV (an unclosed quote) gets no contract, which validate would then refuse it under.
  // Only on the whole file: a sample cut at a line break may cut a quoted cell that closes further on.
  const broken = whole ? validateCsv(decoded.text, undefined, { fileName: file }).problems.find((p) => p.code === 'invalid-csv') : undefined;
  if (broken) throw new UsageError(`cannot infer a contract from ${file}:${broken.range.start.line + 1}: ${broken.message}`);
  const glob = literalGlob(path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/'));
  const contract = inferContract(decoded.text, { rows: options.rows, fileName: file, glob });
  const text = JSON.stringify({ contracts: [contract] }, null, 2) + '\n';
  // A contract that validate would refuse unread is no contract: say so instead of printing it.
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_CONTRACT_FILE_BYTES) {
    const mib = (n: number) => Math.ceil(n / (1024 * 1024));
    throw new UsageError(
      `cannot infer a contract from ${file}: it would be ${mib(bytes)} MiB, above the ${mib(MAX_CONTRACT_FILE_BYTES)} MiB that Loadline reads of a contract file (its header is too wide or too long); write the contract for the columns you need by hand`,
    );
  }
  out.write(text);
  return 0;
}

/** The file's first `rows` + 1 lines (or more), cut at a line break so that no character is split; `whole` when that is all of it. */
function readSample(file: string, rows: number): { sample: Buffer; whole: boolean } {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) throw new UsageError(`cannot read ${file}: not a regular file`);
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const chunks: Buffer[] = [];
  let lines = 0;
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, total);
      if (read === 0) return { sample: Buffer.concat(chunks), whole: true };
      chunks.push(chunk.subarray(0, read));
      total += read;
      for (let i = chunk.indexOf(10); i !== -1 && i < read; i = chunk.indexOf(10, i + 1)) lines++;
      // A short read is the end of a regular file: the sample is then the whole file.
      if (read < CHUNK_BYTES) return { sample: Buffer.concat(chunks), whole: true };
      if (lines > rows + 1 || total >= MAX_SAMPLE_BYTES) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  const all = Buffer.concat(chunks);
  return { sample: all.subarray(0, all.lastIndexOf(10) + 1), whole: false };
}
