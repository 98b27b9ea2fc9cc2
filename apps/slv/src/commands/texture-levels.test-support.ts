/** The prefix byte counts `slv texture --discard N` reads, for comparing its output with a direct decode. */
import { discardLevels, indexPackets, readCodestreamHeader } from '@slv/assets';

export function levelsOf(bytes: Uint8Array): { levels: number[] } {
  const header = readCodestreamHeader(bytes);
  return { levels: discardLevels(header, indexPackets(header, bytes), bytes.length).map((l) => l.bytes) };
}
