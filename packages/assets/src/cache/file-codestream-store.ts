/**
 * The persistent codestream cache on a filesystem (Node): one file per
 * texture, `<uuid>.slvj2c`, a 12-byte header (magic, complete flag, whole
 * length or unknown) then the prefix held. Bounded by bytes: the least
 * recently used files (by modification time, renewed on every read) go
 * first. Writes go to a temporary file then rename, so a crash leaves the
 * old file or the new one, never half of one; a damaged file reads as a miss.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredCodestream } from '../fetch/codestream-entry.ts';
import { MAX_CODESTREAM_BYTES } from '../fetch/codestream-entry.ts';
import { ByteBudgetLru } from './byte-budget-lru.ts';
import { assertTextureId, type CodestreamStore } from './codestream-store.ts';

const MAGIC = 0x534c564a; // "SLVJ"
const HEADER_BYTES = 12;
const UNKNOWN_TOTAL = 0xffffffff;
const SUFFIX = '.slvj2c';

export class FileCodestreamStore implements CodestreamStore {
  private constructor(
    readonly dir: string,
    // Tracks file sizes in LRU order; evicting deletes the file.
    private readonly files: ByteBudgetLru<number>,
  ) {}

  /** Opens (creating) `dir` and indexes what an earlier run left there, oldest use first. */
  static async open(dir: string, maxBytes: number): Promise<FileCodestreamStore> {
    await mkdir(dir, { recursive: true });
    const found: { id: string; size: number; used: number }[] = [];
    for (const name of await readdir(dir)) {
      if (!name.endsWith(SUFFIX)) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info?.isFile()) found.push({ id: name.slice(0, -SUFFIX.length), size: info.size, used: info.mtimeMs });
    }
    found.sort((a, b) => a.used - b.used);
    const store: FileCodestreamStore = new FileCodestreamStore(dir, new ByteBudgetLru<number>(maxBytes, (size) => size, (id) => void rm(store.path(id), { force: true })));
    for (const file of found) store.files.set(file.id, file.size);
    return store;
  }

  /** Bytes on disk (headers included). */
  get bytes(): number {
    return this.files.bytes;
  }

  /** Ids, least recently used first. */
  ids(): string[] {
    return this.files.keys();
  }

  async get(id: string): Promise<StoredCodestream | null> {
    assertTextureId(id);
    if (!this.files.has(id)) return null;
    const data = await readFile(this.path(id)).catch(() => null);
    const decoded = data === null ? null : decode(data);
    if (decoded === null) {
      await this.delete(id);
      return null;
    }
    this.files.get(id);
    const now = new Date();
    await utimes(this.path(id), now, now).catch(() => {});
    return decoded;
  }

  async put(id: string, codestream: StoredCodestream): Promise<void> {
    assertTextureId(id);
    const size = HEADER_BYTES + codestream.bytes.length;
    if (size > this.files.budgetBytes || codestream.bytes.length > MAX_CODESTREAM_BYTES) return;
    const header = new DataView(new ArrayBuffer(HEADER_BYTES));
    header.setUint32(0, MAGIC);
    header.setUint8(4, codestream.complete ? 1 : 0);
    header.setUint32(8, codestream.total ?? UNKNOWN_TOTAL);
    const temporary = `${this.path(id)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.write(new Uint8Array(header.buffer));
      await file.write(codestream.bytes);
    } finally {
      await file.close();
    }
    await rename(temporary, this.path(id));
    this.files.set(id, size);
  }

  async delete(id: string): Promise<void> {
    assertTextureId(id);
    this.files.delete(id);
    await rm(this.path(id), { force: true });
  }

  private path(id: string): string {
    return join(this.dir, `${id}${SUFFIX}`);
  }
}

function decode(data: Uint8Array): StoredCodestream | null {
  if (data.length < HEADER_BYTES) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(0) !== MAGIC) return null;
  const complete = view.getUint8(4) === 1;
  const rawTotal = view.getUint32(8);
  const total = rawTotal === UNKNOWN_TOTAL ? null : rawTotal;
  const bytes = data.slice(HEADER_BYTES);
  if (total !== null && bytes.length > total) return null;
  if (complete && total !== bytes.length) return null;
  return { bytes, total, complete };
}

