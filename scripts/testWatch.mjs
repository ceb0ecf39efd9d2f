// npm run test:watch: tsc -b --watch compiles the tests into out/ on every change, and node --test --watch runs
// the unit tests again when their compiled files change. Ctrl+C stops both.
import { spawn, spawnSync } from 'node:child_process';

const tsc = ['node_modules/typescript/bin/tsc', '-b'];
if (spawnSync(process.execPath, tsc, { stdio: 'inherit' }).status !== 0) process.exit(1);
const compiler = spawn(process.execPath, [...tsc, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' });
const tests = spawn(process.execPath, ['--test', '--watch', 'out/test/unit'], { stdio: 'inherit' });
const stop = () => {
  compiler.kill();
  tests.kill();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
tests.on('exit', (code) => {
  compiler.kill();
  process.exit(code ?? 0);
});
