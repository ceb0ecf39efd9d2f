/**
 * A .loadline.json of about 7 MB: 13,000 contracts of four typed columns each under folders of their own, then
 * one for `*.csv` that takes an integer `id`. It took 6.5 s to parse on the server's main thread (issue 22).
 */
export function bigConfig(): string {
  const contracts: object[] = Array.from({ length: 13_000 }, (_, i) => ({
    files: [`dir${i}/*.csv`],
    headers: {
      id: { type: 'integer', required: true, constraints: { minimum: 0, maximum: 900719925474 } },
      name: { type: 'string', constraints: { maxLength: 40, pattern: '[A-Z][a-z]+' } },
      when: { type: 'date', format: '%Y-%m-%d' },
      amount: { type: 'number', constraints: { minimum: -1.5, maximum: 1e6 } },
    },
  }));
  contracts.push({ files: ['*.csv'], headers: { id: { type: 'integer' } } });
  return JSON.stringify({ contracts }, null, 1);
}
