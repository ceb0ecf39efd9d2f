/**
 * Preloaded into the CLI (`--require`, or NODE_OPTIONS for an installed bin): prints, at exit, each script the
 * main thread compiled through the vm module, whether it was given a code cache and whether V8 rejected it.
 */
export const COMPILED_SCRIPTS = `
const vm = require('vm');
const { isMainThread } = require('worker_threads');
const scripts = [];
vm.Script = class extends vm.Script {
  constructor(code, options) {
    super(code, options);
    scripts.push({ cached: options?.cachedData !== undefined, rejected: this.cachedDataRejected === true });
  }
};
process.on('exit', () => {
  if (isMainThread) process.stderr.write('COMPILED_SCRIPTS=' + JSON.stringify(scripts) + '\\n');
});
`;

/** The scripts COMPILED_SCRIPTS saw, from the process's stderr. */
export function compiledScripts(stderr: string): { cached: boolean; rejected: boolean }[] {
  const line = /^COMPILED_SCRIPTS=(.*)$/m.exec(stderr);
  if (!line) throw new Error(`no COMPILED_SCRIPTS line in: ${stderr}`);
  return JSON.parse(line[1]) as { cached: boolean; rejected: boolean }[];
}
