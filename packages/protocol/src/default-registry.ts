import { MESSAGE_SCHEMA, MessageIndex, type MessageName } from './generated/message-schema.ts';
import type { MessageObjects } from './generated/message-types.ts';
import { READER_FACTORIES, type MessageReaders } from './generated/message-readers.ts';
import { PacketDecoder } from './runtime/packet-decoder.ts';
import { PacketEncoder, type PacketOptions } from './runtime/packet-encoder.ts';
import { ProtocolRegistry } from './runtime/protocol-registry.ts';

/** The messages of the canonical template this package was generated from. */
export const defaultRegistry: ProtocolRegistry = new ProtocolRegistry(MESSAGE_SCHEMA, READER_FACTORIES);

export function createPacketDecoder(registry: ProtocolRegistry = defaultRegistry): PacketDecoder {
  return new PacketDecoder(registry);
}

export function createPacketEncoder(registry: ProtocolRegistry = defaultRegistry): PacketEncoder {
  return new PacketEncoder(registry);
}

/** The typed reader of the last decoded packet when it is message `name`, else null. */
export function readerAs<N extends MessageName>(decoder: PacketDecoder, name: N): MessageReaders[N] | null {
  const message = decoder.message;
  return message !== null && decoder.reader !== null && message.index === MessageIndex[name]
    ? (decoder.reader as MessageReaders[N])
    : null;
}

type FieldInput<T> =
  T extends Uint8Array ? Uint8Array | string
  : T extends bigint ? bigint | number
  : T extends string ? string | Uint8Array
  : T extends readonly number[] ? ArrayLike<number>
  : T;
type BlockInput<B> = { [K in keyof B]: FieldInput<B[K]> };
/** What `encodeMessage` accepts for message `N`: its plain form, with looser field types. */
export type MessageInput<N extends MessageName> = {
  [K in keyof MessageObjects[N]]: MessageObjects[N][K] extends Array<infer E> ? BlockInput<E>[] : BlockInput<MessageObjects[N][K]>;
};

/** Typed `encoder.encode`: returns the packet length; the packet is `encoder.bytes[0, length)`. */
export function encodeMessage<N extends MessageName>(
  encoder: PacketEncoder, name: N, value: MessageInput<N>, options: PacketOptions,
): number {
  return encoder.encode(name, value as Readonly<Record<string, unknown>>, options);
}
