/**
 * Where the settings file's text lives. Stores only move text; parsing,
 * migration and validation happen in settings-file.ts, so every store gets
 * the same error handling. The Node file store is in file-settings-store.ts.
 */

export interface SettingsStore {
  /** The stored text, or null when nothing has been stored yet. May throw on I/O errors. */
  read(): string | null;
  /** Replaces the stored text. May throw on I/O errors (quota, permissions). */
  write(text: string): void;
}

/** The subset of the Web Storage API the browser store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const DEFAULT_STORAGE_KEY = 'slv.settings';

/** Browser store: one key of `localStorage` (or any Storage-like object). */
export class LocalStorageSettingsStore implements SettingsStore {
  readonly key: string;
  readonly #storage: StorageLike;

  constructor(key: string = DEFAULT_STORAGE_KEY, storage?: StorageLike) {
    const found = storage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
    if (found === undefined) {
      throw new Error('LocalStorageSettingsStore: no Storage given and globalThis.localStorage is not available');
    }
    this.key = key;
    this.#storage = found;
  }

  read(): string | null {
    return this.#storage.getItem(this.key);
  }

  write(text: string): void {
    this.#storage.setItem(this.key, text);
  }
}

/** In-memory store for headless runs (bots, benchmarks, tests). */
export class MemorySettingsStore implements SettingsStore {
  text: string | null;

  constructor(text: string | null = null) {
    this.text = text;
  }

  read(): string | null {
    return this.text;
  }

  write(text: string): void {
    this.text = text;
  }
}
