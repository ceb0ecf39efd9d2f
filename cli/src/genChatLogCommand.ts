import { once } from 'events';
import { generateChatLog } from '@loadline/shared';

/** `loadline gen-chat-log`: writes the log to stdout in large chunks, waiting when the pipe is full. */
export interface GenChatLogOptions {
  lines: number;
  seed: number;
  badRate: number;
  duplicateRate: number;
}

export async function genChatLogCommand(options: GenChatLogOptions): Promise<number> {
  let chunk = '';
  for (const line of generateChatLog({ lines: options.lines, seed: options.seed, badRate: options.badRate, duplicateRate: options.duplicateRate })) {
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      chunk = '';
    }
  }
  if (chunk && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
  return 0;
}
