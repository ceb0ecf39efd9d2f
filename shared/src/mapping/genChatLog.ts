import * as fs from 'fs';

/** Options for a deterministic test log. */
export interface ChatLogOptions {
  lines: number;
  seed: number;
  /** Share of lines that are bad on purpose (invalid JSON, unknown type, missing field, too long). */
  badRate?: number;
  /** Share of lines that re-send an earlier event, id and all (about 0.5% by default). */
  duplicateRate?: number;
}

const WORDS = ['hello', 'order', 'refund', 'shipping', 'thanks', 'please', 'help', 'invoice', 'delay', 'tracking', 'café', 'ok', '👍', 'price', 'when'];
const STATUSES = ['online', 'away', 'offline', 'busy'];
const BAD_LINES: ((rand: () => number, id: string) => string)[] = [
  () => '{"id": "broken json", "type": "message",',
  (_, id) => JSON.stringify({ id, type: 'typing', from: 'visitor1', site_id: '1', timestamp: 1554000000 }),
  (_, id) => JSON.stringify({ id, type: 'message', site_id: '1', timestamp: 1554000000, data: { message: 'no sender' } }),
  (_, id) => JSON.stringify({ id, type: 'message', from: 'visitor1', site_id: '1', timestamp: 1554000000, data: { message: 'x'.repeat(301) } }),
  (_, id) => JSON.stringify({ id, type: 'status', from: 'operator1', site_id: '1', timestamp: 'yesterday', data: { status: 'online' } }),
];

/** mulberry32: tiny, fast, and the same sequence for the same seed everywhere. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rand: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(rand() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

/** Yields the log's lines (without line breaks), message and status events with re-sent duplicates. */
export function* generateChatLog(options: ChatLogOptions): Generator<string> {
  const rand = seededRandom(options.seed);
  const duplicateRate = options.duplicateRate ?? 0.005;
  const badRate = options.badRate ?? 0;
  const recent: string[] = [];
  for (let i = 0; i < options.lines; i++) {
    const roll = rand();
    if (roll < duplicateRate && recent.length > 0) {
      yield recent[Math.floor(rand() * recent.length)];
      continue;
    }
    if (roll < duplicateRate + badRate) {
      yield BAD_LINES[Math.floor(rand() * BAD_LINES.length)](rand, uuid(rand));
      continue;
    }
    const isStatus = rand() < 0.02;
    const event = {
      id: uuid(rand),
      type: isStatus ? 'status' : 'message',
      from: isStatus ? `operator${Math.floor(rand() * 20)}` : `visitor${Math.floor(rand() * 100000)}`,
      site_id: String(1 + Math.floor(rand() * 50)),
      timestamp: 1554000000 + i * 3,
      data: isStatus
        ? { status: STATUSES[Math.floor(rand() * STATUSES.length)] }
        : { message: Array.from({ length: 1 + Math.floor(rand() * 12) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ') },
    };
    const line = JSON.stringify(event);
    // A re-send repeats one of the last 64 events, as a client retry would, seconds later.
    recent.push(line);
    if (recent.length > 64) recent.shift();
    yield line;
  }
}

/** Writes a generated log to a file in large chunks (tests, benchmarks, demos). */
export function writeChatLogFile(file: string, options: ChatLogOptions): void {
  const out = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (const line of generateChatLog(options)) {
      chunk += line + '\n';
      if (chunk.length > 1 << 20) {
        fs.writeSync(out, chunk);
        chunk = '';
      }
    }
    fs.writeSync(out, chunk);
  } finally {
    fs.closeSync(out);
  }
}
