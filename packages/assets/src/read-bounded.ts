/** Reading a byte stream whole, but never holding more than a bound: HTTP bodies and inflated segments. */
import { concatBytes } from './concat-bytes.ts';

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** All of `stream`, or BodyTooLargeError (the stream cancelled) as soon as it passes `limit` bytes. */
export async function readStreamBounded(stream: ReadableStream<Uint8Array>, limit: number, describeLimit = `the body passed the ${limit}-byte bound`): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(describeLimit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}
