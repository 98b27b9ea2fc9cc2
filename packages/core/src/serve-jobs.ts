/**
 * The worker side of the pool: answers job requests with the handler named
 * by the job's type. Works in a Web Worker (default port: the worker's
 * global scope) and in a Node worker thread (pass `parentPort`, or use
 * serveJobsOnParentPort from `@slv/core/node`). A handler's exception
 * becomes an error reply; the worker keeps serving.
 */
import { isJobRequest } from './job-protocol.ts';
import type { JobReply, JobRequest } from './job-protocol.ts';

/**
 * Does one job. Push any ArrayBuffer of the result onto `transferOut` to move
 * it back instead of copying it. The payload is whatever the submitter sent.
 */
export type JobHandler = (payload: any, transferOut: ArrayBuffer[]) => unknown;

export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface JobPortBase {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}
/** Node's MessagePort: listeners get the data itself. */
export interface NodeJobPort extends JobPortBase {
  on(event: 'message', listener: (data: unknown) => void): unknown;
}
/** A Web Worker scope or DOM MessagePort: listeners get a MessageEvent. */
export interface DomJobPort extends JobPortBase {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
export type JobPort = NodeJobPort | DomJobPort;

function defaultPort(): JobPort {
  const scope = globalThis as { WorkerGlobalScope?: unknown };
  if (scope.WorkerGlobalScope === undefined) {
    throw new Error('serveJobs: no port given and not inside a Web Worker (in a Node worker pass parentPort)');
  }
  return globalThis as unknown as DomJobPort;
}

function errorReply(id: number, name: string, message: string): JobReply {
  return { kind: 'slv-job-reply', id, ok: false, errorName: name, errorMessage: message };
}

async function answer(handlers: JobHandlers, port: JobPort, request: JobRequest): Promise<void> {
  const { id, type } = request;
  const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
  if (handler === undefined) {
    port.postMessage(errorReply(id, 'UnknownJobType', `no handler for job type "${type}"`), []);
    return;
  }
  const transfer: ArrayBuffer[] = [];
  let result: unknown;
  try {
    result = await handler(request.payload, transfer);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage(errorReply(id, e.name, e.message), []);
    return;
  }
  const reply: JobReply = { kind: 'slv-job-reply', id, ok: true, result };
  try {
    port.postMessage(reply, transfer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.postMessage(errorReply(id, 'DataCloneError', `job "${type}" result could not be sent: ${message}`), []);
  }
}

/** Starts answering job requests on `port`. */
export function serveJobs(handlers: JobHandlers, port: JobPort = defaultPort()): void {
  const receive = (message: unknown): void => {
    if (isJobRequest(message)) void answer(handlers, port, message);
  };
  if ('on' in port && typeof port.on === 'function') {
    port.on('message', receive);
  } else {
    (port as DomJobPort).addEventListener('message', (event) => receive(event.data));
    // A DOM MessagePort delivers nothing until started; a worker scope has no start().
    (port as { start?: () => void }).start?.();
  }
}
