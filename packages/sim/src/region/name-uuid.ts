/** Stable UUIDs derived from names: an agent keeps its id across logins, a region its id across runs. */
import { md5 } from '@slv/net';
import { uuidToString } from '@slv/protocol';

/** md5 of `name` laid out as a version-3 UUID. */
export function nameUuid(name: string): string {
  const bytes = md5(name);
  bytes[6] = (bytes[6]! & 0x0f) | 0x30;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return uuidToString(bytes);
}
