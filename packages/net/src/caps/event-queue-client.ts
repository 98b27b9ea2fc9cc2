import { createLLSDMap, formatLLSDXml, parseLLSDXml, type LLSDMap, type LLSDValue } from '@slv/protocol';
import { CapabilityError } from './seed-capability.ts';

export interface EventQueueOptions {
  fetch?: typeof fetch;
  /** Called for every event, in order. */
  onEvent(name: string, body: LLSDValue): void;
  /** Called for failures the loop recovers from (it backs off and polls again). */
  onError?(error: Error): void;
  /** Longest a single poll may take before it is abandoned and retried (servers hold ~30 s). */
  pollTimeoutMs?: number;
  /** Back-off after a failed poll, doubling up to 16×. */
  retryDelayMs?: number;
  /**
   * The server answered 404: it no longer knows this queue (the session ended there,
   * by logout, kick or restart). The loop stops instead of polling a queue that is gone.
   */
  onGone?(status: number): void;
}

/**
 * The EventQueueGet long-poll loop. Each POST carries `ack` (the last id
 * received, undef at first) and `done`; the server holds it until it has
 * events (200 with `{events, id}`) or gives up (502/504: poll again). `stop`
 * sends `done: true` once so the server can forget the queue.
 */
export class EventQueueClient {
  private lastId: number | null = null;
  private running = false;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  readonly stats = { polls: 0, events: 0, errors: 0 };
  /** True once the server said the queue is gone (HTTP 404). */
  gone = false;

  constructor(private readonly url: string, private readonly options: EventQueueOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the loop and tells the server we are done. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.controller?.abort();
    await this.loop;
    try {
      await this.post(true, AbortSignal.timeout(2_000));
    } catch {
      // The region may already be gone; nothing to clean up on our side.
    }
  }

  private body(done: boolean): string {
    const map = createLLSDMap();
    map.ack = this.lastId;
    map.done = done;
    return formatLLSDXml(map);
  }

  private async post(done: boolean, signal: AbortSignal): Promise<Response> {
    return (this.options.fetch ?? fetch)(this.url, {
      method: 'POST', headers: { 'content-type': 'application/llsd+xml' }, body: this.body(done), signal,
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.controller = new AbortController();
      const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.options.pollTimeoutMs ?? 60_000)]);
      try {
        this.stats.polls++;
        const response = await this.post(false, signal);
        const text = await response.text();
        if (response.status === 502 || response.status === 504) {
          failures = 0;
          continue;
        }
        if (response.status === 404) {
          this.running = false;
          this.gone = true;
          this.options.onGone?.(response.status);
          return;
        }
        if (!response.ok) throw new CapabilityError(this.url, `HTTP ${response.status}`, response.status);
        this.handle(parseLLSDXml(text));
        failures = 0;
      } catch (error) {
        if (!this.running) return;
        this.stats.errors++;
        this.options.onError?.(error as Error);
        failures++;
        const delay = (this.options.retryDelayMs ?? 500) * 2 ** Math.min(failures - 1, 4);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private handle(answer: LLSDValue): void {
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || answer instanceof Uint8Array || answer instanceof Date) {
      throw new Error('event queue answer is not an LLSD map');
    }
    const map = answer as LLSDMap;
    if (typeof map.id === 'number') this.lastId = map.id;
    const events = map.events;
    if (!Array.isArray(events)) return;
    for (const event of events) {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) continue;
      const e = event as LLSDMap;
      if (typeof e.message !== 'string') continue;
      this.stats.events++;
      this.options.onEvent(e.message, e.body ?? null);
    }
  }
}
