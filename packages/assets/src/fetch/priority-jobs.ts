/**
 * The fetchers' scheduling: one job per asset id, at most `concurrency`
 * running, the highest-priority waiting job started next. The fetcher owns
 * what a job does (`run`) and its waiters; this owns which job runs when.
 */
export interface PriorityJob {
  readonly id: string;
  priority: number;
  /** Set when the job starts; aborting it stops the job's requests. */
  controller: AbortController | null;
  /** Who waits for the job's results; a cancel rejects them. */
  readonly waiters: { readonly reject: (error: Error) => void }[];
}

export interface JobCounters {
  active: number;
  peakActive: number;
  queued: number;
}

export class PriorityJobs<J extends PriorityJob> {
  private readonly jobs = new Map<string, J>();

  constructor(
    private readonly concurrency: number,
    private readonly counters: JobCounters,
    private readonly run: (job: J) => Promise<void>,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  get(id: string): J | undefined {
    return this.jobs.get(id);
  }

  ids(): string[] {
    return [...this.jobs.keys()];
  }

  /** Queues a job; call `pump` once its waiters are in place. */
  add(job: J): void {
    this.jobs.set(job.id, job);
    this.counters.queued++;
  }

  /** Takes a job out (a waiting one leaves the queue, a running one is aborted), rejects its waiters with `error`, starts the next. */
  cancel(id: string, error: Error): void {
    const job = this.jobs.get(id);
    if (job === undefined) return;
    this.jobs.delete(id);
    if (job.controller === null) this.counters.queued--;
    else job.controller.abort(error);
    for (const waiter of job.waiters.splice(0)) waiter.reject(error);
    this.pump();
  }

  /** Starts waiting jobs, highest priority first, while there is room. */
  pump(): void {
    while (this.counters.active < this.concurrency) {
      let next: J | null = null;
      for (const job of this.jobs.values()) {
        if (job.controller === null && (next === null || job.priority > next.priority)) next = job;
      }
      if (next === null) return;
      next.controller = new AbortController();
      this.counters.queued--;
      this.counters.active++;
      this.counters.peakActive = Math.max(this.counters.peakActive, this.counters.active);
      void this.run(next);
    }
  }

  /**
   * Called from the end of `run` (its finally), synchronously, so that a
   * waiter answered by the run that asks again at once gets a new job.
   */
  finish(job: J): void {
    if (this.jobs.get(job.id) === job) this.jobs.delete(job.id);
    this.counters.active--;
    this.pump();
  }
}
