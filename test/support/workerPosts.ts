// Preloaded into loadline-ls (`NODE_OPTIONS=--require .../workerPosts.js`) by tests that count what the server posts
// to its threads, whatever the message's shape: each post is serialized as the thread will receive it, and
// written to LOADLINE_POST_LOG as one JSON line naming the thread (by the order of its first post) and whether
// the message holds POST_MARKER (a string that only a test's contract contains) or the test's text marker.
import * as fs from 'node:fs';
import { serialize } from 'node:v8';
import { isMainThread, Worker } from 'node:worker_threads';

export const POST_LOG_VARIABLE = 'LOADLINE_POST_LOG';
export const POST_MARKER = 'contract-marker-7f3a';

export interface Post {
  thread: number;
  /** It holds POST_MARKER. */
  marked: boolean;
  /** It holds the text marker (LOADLINE_POST_TEXT_MARKER): a test's document. */
  text: boolean;
  bytes: number;
}

/** The posts logged so far. */
export function readPosts(file: string): Post[] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Post)
    : [];
}

const file = process.env[POST_LOG_VARIABLE];
if (file && isMainThread) {
  const threads = new WeakMap<Worker, number>();
  let started = 0;
  const marker = Buffer.from(POST_MARKER);
  const textMarker = Buffer.from(process.env.LOADLINE_POST_TEXT_MARKER ?? POST_MARKER);
  const { postMessage: post } = Worker.prototype as { postMessage: (this: Worker, ...args: Parameters<Worker['postMessage']>) => void };
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: Parameters<Worker['postMessage']>[1]) {
    let thread = threads.get(this);
    if (thread === undefined) threads.set(this, (thread = started++));
    const bytes = serialize(message);
    fs.appendFileSync(
      file,
      `${JSON.stringify({ thread, marked: bytes.includes(marker), text: bytes.includes(textMarker), bytes: bytes.length } satisfies Post)}\n`,
    );
    post.call(this, message, transfer);
  };
}
