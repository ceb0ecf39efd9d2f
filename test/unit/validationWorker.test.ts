// The server's checker pool under edit storms (issue 22, class 2), in-process: fake checkers in place of worker
// threads, a clock the test drives, and the real ValidationScheduler in front, as the server wires them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvReport } from '../../shared/src/csv/check/validateCsv';
import { Checker, CheckerEvents, Outcome } from '../../server/src/checkerThread';
import { ValidationScheduler } from '../../server/src/services/validationScheduler';
import { ValidationJob } from '../../server/src/validationProtocol';
import { ValidationWorker } from '../../server/src/validationWorker';
import { ManualClock } from '../support/manualClock';

/** A thread takes up to a second to start on a busy machine. */
const LOAD_MS = 1000;
/** What a quick document's check costs. */
const QUICK_MS = 20;
const BUDGET_MS = 5000;
const STEP_MS = 10;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a big document's check costs: it stops between records within QUICK_MS when cancelled. */
const BIG_MS = 3000;
type Kind = 'quick' | 'slow' | 'big';
/**
 * A job's text: its version first; a slow or big document's is long (the pool sorts by length). A slow one's
 * check never finishes, stuck in one rule test: it never hears a cancel.
 */
const textOf = (version: number, kind: Kind) => `${version}\n${kind === 'quick' ? '' : (kind === 'slow' ? 'a' : 'b').repeat(100_000)}`;
const kindOf = (job: ValidationJob): Kind => ('text' in job && job.text.length > 1000 ? (job.text.endsWith('a') ? 'slow' : 'big') : 'quick');
const versionIn = (job: ValidationJob) => ('text' in job ? Number(job.text.split('\n')[0]) : NaN);

class FakeChecker implements Checker {
  ended = false;
  private loaded = false;
  private job?: { id: number; job: ValidationJob };

  constructor(
    private readonly world: World,
    private readonly events: CheckerEvents,
  ) {
    world.clock.setTimeout(() => this.load(), LOAD_MS);
  }

  run(id: number, job: ValidationJob): void {
    this.job = { id, job };
    this.world.started(job);
    if (this.loaded) this.work();
  }
  cancel(id: number): void {
    if (this.job?.id !== id || kindOf(this.job.job) !== 'big' || !this.loaded) return;
    this.world.clock.setTimeout(() => this.answer(id, { stopped: true }), QUICK_MS);
  }
  forget(): void {}
  rule() {
    return { field: 'v', constraint: 'pattern' };
  }
  end(): Promise<unknown> {
    this.ended = true;
    return Promise.resolve();
  }

  private load(): void {
    if (this.ended) return;
    if (this.job) this.world.waited(this.job.job);
    this.loaded = true;
    this.events.loaded();
    if (this.job) this.work();
  }

  /** A quick document's check answers after QUICK_MS, a big one's after BIG_MS; a slow one's runs until the checker is ended. */
  private work(): void {
    const { id, job } = this.job!;
    this.events.started(id);
    const kind = kindOf(job);
    if (kind === 'slow') return;
    this.world.clock.setTimeout(() => this.answer(id, { report: { problems: [] } as unknown as CsvReport }), kind === 'big' ? BIG_MS : QUICK_MS);
  }

  private answer(id: number, outcome: Outcome): void {
    if (this.ended || this.job?.id !== id) return;
    this.job = undefined;
    this.events.answered(id, outcome);
  }
}

type Published = { uri: string; version: number; at: number; failed?: string };

/** An editor, the server's scheduler and pool, and fake checkers, on one manual clock. */
class World {
  readonly clock = new ManualClock();
  now = 0;
  readonly versions = new Map<string, number>();
  readonly slowUris = new Set<string>();
  readonly bigUris = new Set<string>();
  readonly checkers: FakeChecker[] = [];
  readonly published: Published[] = [];
  /** Jobs started for a version older than the document's at that moment. */
  readonly staleStarts: string[] = [];
  /** Texts sent to a loading checker that a newer edit superseded before it loaded. */
  readonly staleWaits: string[] = [];
  readonly pool = new ValidationWorker({
    clock: this.clock,
    budgetMs: BUDGET_MS,
    maxBusy: 2,
    spawn: (events) => {
      const checker = new FakeChecker(this, events);
      this.checkers.push(checker);
      return checker;
    },
  });
  readonly scheduler: ValidationScheduler<CsvReport>;

  constructor(private readonly debounceMs: number) {
    this.scheduler = new ValidationScheduler<CsvReport>({
      clock: this.clock,
      versionOf: (uri) => this.versions.get(uri),
      validate: (uri) => this.pool.validate({ text: textOf(this.versions.get(uri)!, this.kindOf(uri)), document: uri, options: {} }),
      supersede: (uri) => this.pool.supersede(uri),
      publish: (uri, version) => this.published.push({ uri, version, at: this.now }),
      fail: (uri, version, error) => this.published.push({ uri, version, at: this.now, failed: (error as Error).message }),
    });
  }

  kindOf(uri: string): Kind {
    return this.slowUris.has(uri) ? 'slow' : this.bigUris.has(uri) ? 'big' : 'quick';
  }

  started(job: ValidationJob): void {
    const uri = 'document' in job ? job.document! : '';
    if (versionIn(job) !== this.versions.get(uri)) this.staleStarts.push(`${uri}@${versionIn(job)} at ${this.now} ms`);
  }

  waited(job: ValidationJob): void {
    const uri = 'document' in job ? job.document! : '';
    if (versionIn(job) !== this.versions.get(uri)) this.staleWaits.push(`${uri}@${versionIn(job)} at ${this.now} ms`);
  }

  /** Opens (version 1) or edits the document. */
  edit(uri: string): void {
    this.versions.set(uri, (this.versions.get(uri) ?? 0) + 1);
    this.scheduler.schedule(uri, this.debounceMs);
  }

  async pass(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += STEP_MS) {
      this.now += STEP_MS;
      this.clock.advance(STEP_MS);
      await settle();
    }
  }

  /** When the document's current version was published, if it was. */
  publishedAt(uri: string): Published | undefined {
    return this.published.find((p) => p.uri === uri && p.version === this.versions.get(uri));
  }
}

/**
 * The hostile probe: six documents whose check runs past its budget, each edited `edits` times 100 ms apart,
 * while a quick document is opened and edited every 2 s; then time enough for every slow check.
 */
async function storm(world: World, edits: number) {
  const slow = Array.from({ length: 6 }, (_, i) => `slow${i}.csv`);
  for (const uri of slow) {
    world.slowUris.add(uri);
    world.edit(uri);
  }
  await world.pass(1500);
  const quickEdits: number[] = [];
  for (let round = 0; round < edits; round++) {
    for (const uri of slow) world.edit(uri);
    if (round % 20 === 3) {
      world.edit('fast.csv');
      quickEdits.push(world.now);
    }
    await world.pass(100);
  }
  const stormEnded = world.now;
  // Time for every slow check to take its whole budget twice over, one after another in the long lane.
  await world.pass(slow.length * 2 * (BUDGET_MS + LOAD_MS));
  const waits = quickEdits.map((at, i) => (world.published.find((p) => p.uri === 'fast.csv' && p.version === i + 1)?.at ?? Infinity) - at);
  return {
    worstWait: Math.max(...waits),
    /** What each slow document got for its last version. */
    lastOutcomes: slow.map((uri) => ({
      uri,
      outcomes: world.published.filter((p) => p.uri === uri && p.version === world.versions.get(uri)).map((p) => ({ ...p, after: p.at - stormEnded })),
    })),
  };
}

describe('ValidationWorker under an edit storm on too-slow documents', () => {
  for (const debounceMs of [0, 200]) {
    it(`gives a quick document its diagnostics within 2 s (debounce ${debounceMs} ms)`, async () => {
      const { worstWait } = await storm(new World(debounceMs), 10);
      console.log(`quick document's worst wait (debounce ${debounceMs} ms): ${worstWait} ms`);
      assert.ok(worstWait <= 2000, `the quick document waited ${worstWait} ms`);
    });

    it(`gives each slow document one check-failed naming the rule, for its last version (debounce ${debounceMs} ms)`, async () => {
      const { lastOutcomes } = await storm(new World(debounceMs), 10);
      const latest = Math.max(...lastOutcomes.flatMap(({ outcomes }) => outcomes.map((o) => o.after)));
      console.log(`the last slow document's diagnostics came ${latest} ms after the storm (debounce ${debounceMs} ms)`);
      for (const { uri, outcomes } of lastOutcomes) {
        assert.equal(outcomes.length, 1, `${uri}: ${JSON.stringify(outcomes)}`);
        assert.match(outcomes[0].failed ?? '', /longer than 5 s.*the pattern of column "v"/, uri);
      }
      // One budget per document, one document after another: no budget is spent on a version nobody will see.
      assert.ok(latest <= lastOutcomes.length * (BUDGET_MS + LOAD_MS), `the last came ${latest} ms after the storm`);
    });

    it(`never starts a check of a version that a newer edit superseded (debounce ${debounceMs} ms)`, async () => {
      const world = new World(debounceMs);
      await storm(world, 10);
      assert.deepEqual(world.staleStarts, []);
    });
  }

  it('starts a small document on the spare checker, not after a slow one has moved to the long lane', async () => {
    const world = new World(0);
    for (const uri of ['slow0.csv', 'slow1.csv']) {
      world.slowUris.add(uri);
      world.edit(uri);
    }
    world.edit('fast.csv');
    while (!world.publishedAt('fast.csv') && world.now < 10_000) await world.pass(STEP_MS);
    // Its checker's start and its own check: no half second behind the slow ones.
    assert.ok(world.now <= LOAD_MS + QUICK_MS + 2 * STEP_MS, `published after ${world.now} ms`);
  });

  it('sends no text to a checker that is still loading, where a newer edit would supersede it before it is read', async () => {
    const world = new World(0);
    const slow = Array.from({ length: 6 }, (_, i) => `slow${i}.csv`);
    for (const uri of slow) world.slowUris.add(uri);
    // Ten edits a document while the first checkers load.
    for (let round = 0; round < 10; round++) {
      for (const uri of slow) world.edit(uri);
      await world.pass(50);
    }
    await world.pass(LOAD_MS);
    assert.deepEqual(world.staleWaits, []);
  });

  it('restarts checkers a bounded number of times, however long the storm', async () => {
    const short = new World(0);
    await storm(short, 10);
    const long = new World(0);
    await storm(long, 100);
    console.log(`checkers started: ${short.checkers.length} for 10 edits a document, ${long.checkers.length} for 100`);
    // Two per slow document (its first check stopped when it ran long, its last past its budget), one per lane, and a spare.
    assert.ok(long.checkers.length <= 2 * 6 + 3, `${long.checkers.length} checkers started`);
    assert.ok(long.checkers.length <= short.checkers.length + 2, `${long.checkers.length} checkers for 100 edits, ${short.checkers.length} for 10`);
  });
});

/**
 * Three big documents, whose checks take seconds but stop between records when asked, opened with a quick one,
 * then each edited 30 times 100 ms apart while the quick one is edited every 500 ms; then time for every check.
 */
async function bigStorm(world: World) {
  const big = ['big0.csv', 'big1.csv', 'big2.csv'];
  for (const uri of big) {
    world.bigUris.add(uri);
    world.edit(uri);
  }
  world.edit('fast.csv');
  await world.pass(LOAD_MS + 500);
  const quickEdits: { version: number; at: number }[] = [];
  for (let round = 0; round < 30; round++) {
    for (const uri of big) world.edit(uri);
    if (round % 5 === 2) {
      world.edit('fast.csv');
      quickEdits.push({ version: world.versions.get('fast.csv')!, at: world.now });
    }
    await world.pass(100);
  }
  await world.pass(big.length * 2 * BIG_MS + LOAD_MS);
  const waits = quickEdits.map(({ version, at }) => (world.published.find((p) => p.uri === 'fast.csv' && p.version === version)?.at ?? Infinity) - at);
  return { big, worstWait: Math.max(...waits) };
}

describe('ValidationWorker under an edit storm on big documents, whose checks stop between records', () => {
  it('ends no checker: a superseded or displaced check stops between records, and its checker takes the next job', async () => {
    const world = new World(0);
    await bigStorm(world);
    const ended = world.checkers.filter((c) => c.ended).length;
    console.log(`checkers started: ${world.checkers.length}, ended mid-check: ${ended}`);
    assert.equal(ended, 0);
    // One per lane and the spare.
    assert.ok(world.checkers.length <= 3, `${world.checkers.length} checkers started`);
  });

  it("gives the quick document each edit's diagnostics without waiting for a checker to start", async () => {
    const world = new World(0);
    const { worstWait } = await bigStorm(world);
    console.log(`quick document's worst wait in the storm on big documents: ${worstWait} ms`);
    assert.ok(worstWait < LOAD_MS, `the quick document waited ${worstWait} ms`);
  });

  it('publishes each big document once for its last version, with its report', async () => {
    const world = new World(0);
    const { big } = await bigStorm(world);
    for (const uri of big) {
      const last = world.published.filter((p) => p.uri === uri && p.version === world.versions.get(uri));
      assert.deepEqual(
        last.map((p) => p.failed),
        [undefined],
        uri,
      );
    }
    assert.deepEqual(world.staleStarts, []);
  });
});
