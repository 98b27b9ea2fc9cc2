/**
 * Messages between the worker pool and serveJobs: one request per job, one
 * reply per request, matched by job id.
 */

export interface JobRequest {
  readonly kind: 'slv-job';
  id: number;
  type: string;
  payload: unknown;
}

export interface JobReply {
  readonly kind: 'slv-job-reply';
  readonly id: number;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly errorName?: string;
  readonly errorMessage?: string;
}

export function isJobRequest(message: unknown): message is JobRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<JobRequest>;
  return m.kind === 'slv-job' && typeof m.id === 'number' && typeof m.type === 'string';
}

export function isJobReply(message: unknown): message is JobReply {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<JobReply>;
  return m.kind === 'slv-job-reply' && typeof m.id === 'number' && typeof m.ok === 'boolean';
}
