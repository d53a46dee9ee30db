// A ChatStream built from a producer that pushes deltas and resolves with the final result.
// Deltas are buffered, so a consumer that starts late (or never iterates) loses nothing.
import type { ChatResult, ChatStream } from './types';

export function createChatStream(
  produce: (push: (delta: string) => void) => Promise<ChatResult>,
): ChatStream {
  const buffer: string[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const result = produce((d) => {
    if (d) buffer.push(d);
    notify();
  });
  result.then(
    () => ((done = true), notify()),
    () => ((done = true), notify()),
  );
  async function* iterate(): AsyncGenerator<string> {
    for (;;) {
      if (buffer.length) {
        yield buffer.shift() as string;
        continue;
      }
      if (done) {
        await result; // rethrows the producer's error to the iterating consumer
        return;
      }
      await new Promise<void>((r) => (wake = r));
    }
  }
  return { result, [Symbol.asyncIterator]: iterate };
}
