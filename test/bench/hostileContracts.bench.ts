// npm run bench — how the time of what hostile contracts make the checker do grows (issue 22, class 4, and the
// globs of issue 11): config parsing at 10,000, 20,000 and 40,000 errors, and an accepted glob of three wildcards
// against a 250-character near miss. In-process, the sizes alternating in each round; medians and spreads.
// Linear config parsing gives about 4× from 10,000 to 40,000 errors, a quadratic one 16×. The unit tests keep
// what holds without a clock (test/unit/hostileContracts.test.ts, test/unit/csvHostile.test.ts).
import { parseConfig } from '../../shared/src/contract/parse/parseConfig';
import { matchContract } from '../../shared/src/contract/matchContract';

const ROUNDS = Number(process.env.BENCH_PAIRS ?? 5);
const SIZES = [10_000, 20_000, 40_000];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${sorted(xs)[0].toFixed(0)}-${sorted(xs)[xs.length - 1].toFixed(0)}`;

function wallAndUser(run: () => unknown): { wall: number; user: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  run();
  return { wall: performance.now() - started, user: process.cpuUsage(cpu).user / 1000 };
}

const SHAPES: Record<string, (n: number) => object> = {
  'header rules of the wrong shape': (n) => ({
    contracts: [{ files: ['*.csv'], headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, { type: 'nope' }])) }],
  }),
  'header rules with unknown formats': (n) => ({
    contracts: [{ files: ['*.csv'], headers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}`, { type: 'date', format: '%Q' }])) }],
  }),
};

function configParsing(): void {
  for (const [name, config] of Object.entries(SHAPES)) {
    const texts = SIZES.map((n) => JSON.stringify(config(n)));
    const costs = SIZES.map(() => ({ wall: [] as number[], user: [] as number[] }));
    for (let round = 0; round < ROUNDS; round++) {
      texts.forEach((text, i) => {
        const { wall, user } = wallAndUser(() => parseConfig(text));
        costs[i].wall.push(wall);
        costs[i].user.push(user);
      });
    }
    console.log(`\nConfig parsing, ${name} (${ROUNDS} rounds, ms, median and range):`);
    SIZES.forEach((n, i) =>
      console.log(
        `  ${n.toLocaleString('en')} errors: wall ${median(costs[i].wall).toFixed(0)} (${spread(costs[i].wall)}), user ${median(costs[i].user).toFixed(0)} (${spread(costs[i].user)})`,
      ),
    );
    const ratios = costs[0].wall.map((small, r) => costs[2].wall[r] / small);
    console.log(
      `  40,000 / 10,000 wall: median ${median(ratios).toFixed(1)}× (${sorted(ratios)[0].toFixed(1)}-${sorted(ratios)[ratios.length - 1].toFixed(1)}); linear 4×, quadratic 16×`,
    );
  }
}

async function globMatching(): Promise<void> {
  const parsed = parseConfig(JSON.stringify({ contracts: [{ files: ['*a*a*.csv'], headers: {} }] }));
  if (!parsed.ok) throw new Error('the glob was refused');
  const walls: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await matchContract(parsed.config, '/w/.loadline.json', `${'a'.repeat(250)}b.csv`);
    await matchContract(parsed.config, '/w/.loadline.json', `${'a'.repeat(250)}b.txt`);
    walls.push(performance.now() - started);
  }
  console.log(`\nGlob *a*a*.csv against a 251-character match and near miss: median ${median(walls).toFixed(1)} ms (${spread(walls)})`);
}

configParsing();
void globMatching();
