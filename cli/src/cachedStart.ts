import { createHash } from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';

// The `loadline` bin (dist/cli.js): runs the CLI's bundle (dist/cli-main.js) from the V8 code cache that the build
// made beside it (scripts/build.mjs), so that a start does not parse the whole bundle again (35 ms of CPU against
// 12 ms with the cache). The cache is used only when it was made from this very text: V8 checks only the text's
// length (and rejects a cache of another Node or V8 on its own, which is then only slower, never wrong).
const MAIN = path.join(__dirname, 'cli-main.js');
const source = fs.readFileSync(MAIN, 'utf8');
const script = new vm.Script(Module.wrap(source), { filename: MAIN, cachedData: cacheFor(source, `${MAIN}.cache`) });
const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(main.exports, main.exports, Module.createRequire(MAIN), main, MAIN, __dirname);

/** The cache's V8 data, when its first line is the SHA-256 of `text` (the build writes it so); else none. */
function cacheFor(text: string, file: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const digest = createHash('sha256').update(text).digest('hex');
  return cache.toString('latin1', 0, digest.length + 1) === `${digest}\n` ? cache.subarray(digest.length + 1) : undefined;
}
