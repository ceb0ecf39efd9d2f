// A contract for a wide table costs the same per check whatever its width: the language server sends each check a
// fresh copy of the contract, and each copy was stringified whole as its cache key and compiled column by column
// (28 s over LSP for 100,000 columns). Counted, not timed: the calls to Object.entries (each field's constraints
// went through it when compiled) and the characters JSON.stringify writes, over two checks of fresh copies.
import assert from 'node:assert/strict';
import { describe, it, TestContext } from 'node:test';
import { URI } from 'vscode-uri';
import { ContractService } from '../../shared/src/contract/contractService';
import { Contract } from '../../shared/src/contract/types';
import { RecordMemo } from '../../shared/src/csv/check/recordMemo';
import { validateCsv } from '../../shared/src/csv/check/validateCsv';

const N = 2_000;
const labels = (n: number) => Array.from({ length: n }, (_, i) => `col_${i}`);
const wideCsv = (n: number) =>
  `${labels(n).join(',')}\n${labels(n)
    .map((_, i) => (i % 100 === 0 ? 'x' : String(i)))
    .join(',')}\n`;
const configs: Record<string, (n: number) => unknown> = {
  schema: (n) => ({
    contracts: [{ files: ['*.csv'], schema: { fields: labels(n).map((name) => ({ name, type: 'integer', constraints: { required: true } })) } }],
  }),
  headers: (n) => ({ contracts: [{ files: ['*.csv'], headers: Object.fromEntries(labels(n).map((name) => [name, { type: 'integer', required: true }])) }] }),
};

/** The contract as the lookup gives it, for a config of n columns. */
async function lookUp(config: unknown): Promise<Contract> {
  const contracts = new ContractService({
    readText: (uri) => (uri.path === '/ws/.loadline.json' ? JSON.stringify(config) : undefined),
    publishConfigProblems: () => {},
  });
  const found = await contracts.lookup(URI.file('/ws/wide.csv'));
  assert.ok(found);
  return found.contract;
}

/** Object.entries calls and JSON.stringify's characters while `run` runs (synchronously). */
function count(run: () => void): { entries: number; stringified: number } {
  const { entries, stringify } = { entries: Object.entries, stringify: JSON.stringify };
  const counted = { entries: 0, stringified: 0 };
  Object.entries = (value: object) => (counted.entries++, entries(value));
  JSON.stringify = ((...args: Parameters<typeof stringify>) => {
    const text = stringify(...args);
    counted.stringified += text?.length ?? 0;
    return text;
  }) as typeof stringify;
  try {
    run();
  } finally {
    Object.assign(Object, { entries });
    JSON.stringify = stringify;
  }
  return counted;
}

/** Two checks of the document, each with a fresh copy of the contract and the document's memo, as the server's worker runs them. */
async function twoChecks(t: TestContext, kind: string, n: number) {
  const contract = await lookUp(configs[kind](n));
  const csv = wideCsv(n);
  const memo = new RecordMemo();
  const copies = [structuredClone(contract), structuredClone(contract)];
  const counted = count(() => {
    for (const copy of copies) assert.equal(validateCsv(csv, copy, { memo }).problems.length, n / 100);
  });
  const contractText = JSON.stringify(contract).length;
  t.diagnostic(`${kind}, ${n} columns: ${counted.entries} Object.entries calls, ${counted.stringified} characters stringified (the contract: ${contractText})`);
  return { ...counted, contractText };
}

describe('a wide contract is compiled once, and known by its key, not its whole text', () => {
  for (const kind of Object.keys(configs)) {
    it(`a ${kind} contract: two checks of fresh copies compile one rule per shape, and stringify no copy`, async (t) => {
      const small = await twoChecks(t, kind, N);
      const large = await twoChecks(t, kind, 4 * N);
      // Once per contract, not per column: the same few calls at any width.
      assert.ok(large.entries <= small.entries + 2, `${small.entries} calls at ${N} columns, ${large.entries} at ${4 * N}`);
      assert.ok(large.entries < 20, `${large.entries} Object.entries calls`);
      // The memo's signature holds the header's labels; the contract's own text is not written even once.
      assert.ok(large.stringified < large.contractText, `${large.stringified} characters stringified, the contract's text is ${large.contractText}`);
    });
  }
});
