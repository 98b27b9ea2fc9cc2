import {
  MessageIndex, defaultRegistry, type LLSDValue, type MessageName, type MessageReaders, type PacketDecoder, type ProtocolRegistry,
} from '@slv/protocol';

/** Where a message came from: the circuit (or event queue) of one region. */
export interface MessageSource {
  /** A name for logs, e.g. "127.0.0.1:9000". */
  readonly label: string;
}

export type MessageHandler<N extends MessageName> = (reader: MessageReaders[N], source: MessageSource) => void;
export type AnyMessageHandler = (decoder: PacketDecoder, source: MessageSource) => void;
export type EventHandler = (body: LLSDValue, source: MessageSource) => void;

/**
 * Subscribe by message name; every decoded packet is handed to its subscribers
 * as the zero-copy typed reader, valid only during the call. Event-queue events
 * (LLSD bodies, e.g. EnableSimulator) travel the same bus under their names.
 * Dispatch is an array lookup by message index: no allocation per message.
 */
export class MessageBus {
  private readonly byIndex: (((reader: never, source: MessageSource) => void)[] | undefined)[];
  private readonly any: AnyMessageHandler[] = [];
  private readonly events = new Map<string, EventHandler[]>();
  private readonly anyEvent: ((name: string, body: LLSDValue, source: MessageSource) => void)[] = [];
  /** Handler exceptions are reported here instead of breaking the receive loop. */
  onHandlerError: (error: unknown, what: string) => void = (error, what) => {
    console.error(`message bus: a ${what} handler threw:`, error);
  };

  constructor(readonly registry: ProtocolRegistry = defaultRegistry) {
    this.byIndex = new Array(registry.messages.length);
  }

  /** Calls `handler` for every `name` message; returns the unsubscribe function. */
  on<N extends MessageName>(name: N, handler: MessageHandler<N>): () => void {
    const index = this.registry === defaultRegistry ? MessageIndex[name] : this.registry.get(name)?.index;
    if (index === undefined) throw new Error(`no message ${name} in the template`);
    const list = (this.byIndex[index] ??= []);
    list.push(handler as (reader: never, source: MessageSource) => void);
    return () => {
      const at = list.indexOf(handler as (reader: never, source: MessageSource) => void);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Every message, with the whole decoder (header fields, acks). */
  onAny(handler: AnyMessageHandler): () => void {
    this.any.push(handler);
    return () => {
      const at = this.any.indexOf(handler);
      if (at >= 0) this.any.splice(at, 1);
    };
  }

  onEvent(name: string, handler: EventHandler): () => void {
    let list = this.events.get(name);
    if (!list) this.events.set(name, (list = []));
    list.push(handler);
    return () => {
      const at = list.indexOf(handler);
      if (at >= 0) list.splice(at, 1);
    };
  }

  onAnyEvent(handler: (name: string, body: LLSDValue, source: MessageSource) => void): () => void {
    this.anyEvent.push(handler);
    return () => {
      const at = this.anyEvent.indexOf(handler);
      if (at >= 0) this.anyEvent.splice(at, 1);
    };
  }

  /** Hands the decoder's current message to its subscribers. */
  dispatch(decoder: PacketDecoder, source: MessageSource): void {
    const message = decoder.message;
    const reader = decoder.reader;
    if (message === null || reader === null) return;
    for (let i = 0; i < this.any.length; i++) {
      try { this.any[i]!(decoder, source); } catch (error) { this.onHandlerError(error, message.name); }
    }
    const list = this.byIndex[message.index];
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      try { list[i]!(reader as never, source); } catch (error) { this.onHandlerError(error, message.name); }
    }
  }

  dispatchEvent(name: string, body: LLSDValue, source: MessageSource): void {
    for (const handler of this.anyEvent) {
      try { handler(name, body, source); } catch (error) { this.onHandlerError(error, `event ${name}`); }
    }
    const list = this.events.get(name);
    if (!list) return;
    for (const handler of [...list]) {
      try { handler(body, source); } catch (error) { this.onHandlerError(error, `event ${name}`); }
    }
  }
}
