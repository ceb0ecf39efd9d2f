// The run room's pieces (shared/src/ingest/run/) without threads: output path checks, the progress meter, the pool.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ProgressMeter } from '../../shared/src/ingest/run/progressMeter';
import { FromWorker, ToWorker } from '../../shared/src/ingest/run/protocol';
import { IngestProgress, LineCounts } from '../../shared/src/ingest/report';
import { checkOutputPaths } from '../../shared/src/ingest/run/startRun';
import { PoolWorker, runPool } from '../../shared/src/ingest/run/workerPool';

const counts = (lines: number, rejected: number): LineCounts => ({ lines, inserted: lines - rejected, duplicates: 0, rejected, blank: 0 });

describe('checkOutputPaths', () => {
  it('refuses an output equal to the input or to another output', () => {
    assert.throws(
      () => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/cp.json', rejects: '/d/in.jsonl' }),
      /the rejects file \/d\/in\.jsonl is the input file/,
    );
    assert.throws(() => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/x', rejects: '/d/./x' }), /the rejects file \/d\/\.\/x is the checkpoint file/);
    assert.doesNotThrow(() => checkOutputPaths('/d/in.jsonl', { checkpoint: '/d/cp.json', rejects: '/d/r.jsonl' }));
  });
});

describe('ProgressMeter', () => {
  it('reports at most every 200 ms of its clock, counting in-flight lines in rows/s', () => {
    let now = 1000;
    const reports: IngestProgress[] = [];
    const meter = new ProgressMeter(
      100,
      (p) => reports.push(p),
      () => now,
    );
    meter.alreadyDone(0, 20);
    meter.read(1, 30, 300);
    now = 2000;
    meter.tick(counts(0, 0), 1, 3);
    meter.read(1, 10, 100);
    now = 2100;
    meter.tick(counts(0, 0), 1, 3);
    assert.equal(reports.length, 1, 'the second tick came 100 ms later');
    meter.committed(1, 40, 400);
    now = 3000;
    meter.tick(counts(400, 0), 2, 3, true);
    assert.deepEqual(
      reports.map((r) => [r.bytesDone, r.rowsPerSecond, r.rangesDone]),
      [
        [50, 300, 1],
        [60, 200, 2],
      ],
    );
  });
});

class FakeWorker extends EventEmitter implements PoolWorker {
  received: ToWorker[] = [];
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): Promise<number> {
    queueMicrotask(() => this.emit('exit', 0));
    return Promise.resolve(0);
  }
  say(message: FromWorker): void {
    this.emit('message', message);
  }
}

describe('runPool', () => {
  it('feeds each idle worker the next task, lets it go when there is none, and resolves when all exited', async () => {
    const workers: FakeWorker[] = [];
    const tasks: ToWorker[] = [1, 2, 3].map((i) => ({ type: 'range', range: { index: i, start: 0, end: 1 }, rejectsOnly: false }));
    const seen: string[] = [];
    const pool = runPool(2, () => (workers.push(new FakeWorker()), workers.at(-1)!), {
      next: () => tasks.shift(),
      message: (_worker, message) => seen.push(message.type),
      crashed: () => assert.fail('no crash'),
    });
    workers[0].say({ type: 'ready' });
    workers[1].say({ type: 'ready' });
    workers[0].say({ type: 'committed', index: 1, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    workers[1].say({ type: 'committed', index: 2, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    workers[0].say({ type: 'committed', index: 3, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    await pool.done;
    assert.deepEqual(
      workers.map((w) => w.received.map((m) => (m.type === 'range' ? m.range.index : m.type))),
      [[1, 3], [2]],
    );
    assert.deepEqual(seen, ['ready', 'ready', 'committed', 'committed', 'committed']);
  });

  it("gives a worker that checks while it loads ('more') one range more, and lets it go only once it holds none", async () => {
    const workers: FakeWorker[] = [];
    const tasks: ToWorker[] = [1, 2, 3].map((i) => ({ type: 'range', range: { index: i, start: 0, end: 1 }, rejectsOnly: false }));
    const pool = runPool(1, () => (workers.push(new FakeWorker()), workers.at(-1)!), {
      next: () => tasks.shift(),
      message: () => undefined,
      crashed: () => assert.fail('no crash'),
    });
    const [worker] = workers;
    let exited = false;
    worker.on('exit', () => (exited = true));
    const indexes = () => worker.received.map((m) => (m.type === 'range' ? m.range.index : m.type));
    const committed = (index: number) => worker.say({ type: 'committed', index, counts: counts(1, 0), rejects: [], rejectsOnly: false });
    worker.say({ type: 'ready' });
    worker.say({ type: 'more' });
    assert.deepEqual(indexes(), [1, 2], 'range 2 is checked while range 1 loads');
    committed(1);
    assert.deepEqual(indexes(), [1, 2], 'the worker still holds range 2: no third range yet');
    worker.say({ type: 'more' });
    assert.deepEqual(indexes(), [1, 2, 3]);
    worker.say({ type: 'more' });
    committed(2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(exited, false, 'range 3 is still loading');
    committed(3);
    await pool.done;
    assert.deepEqual(indexes(), [1, 2, 3]);
  });

  it('broadcasts a stop to the workers still running and lets a failed one go', async () => {
    const workers: FakeWorker[] = [];
    const pool = runPool(2, () => (workers.push(new FakeWorker()), workers.at(-1)!), {
      next: () => undefined,
      message: () => undefined,
      crashed: () => undefined,
    });
    pool.broadcast({ type: 'stop' });
    assert.deepEqual(
      workers.map((w) => w.received),
      [[{ type: 'stop' }], [{ type: 'stop' }]],
    );
    workers[0].say({ type: 'failed', kind: 'server', message: 'x', data: {} });
    workers[1].say({ type: 'cancelled' });
    await pool.done;
  });
});
