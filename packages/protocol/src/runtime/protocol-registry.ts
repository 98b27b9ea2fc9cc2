import { buildMessageInfos, wireKey, type MessageInfo, type SchemaMessage } from './message-info.ts';
import { MessageReader } from './message-reader.ts';

export type ReaderFactory = (info: MessageInfo) => MessageReader;

/**
 * One template's messages with number lookup and reader factories. The package
 * ships one built from the canonical template (`defaultRegistry`); a user who
 * generates code from another template builds theirs from its output.
 */
export class ProtocolRegistry {
  readonly messages: readonly MessageInfo[];
  private readonly byName = new Map<string, MessageInfo>();
  private readonly high = new Int16Array(256).fill(-1);
  private readonly medium = new Int16Array(256).fill(-1);
  /** Low and Fixed numbers by their two low bytes (Fixed 0xFFFFFFxx sits at 0xFFxx). */
  private readonly low = new Int16Array(65536).fill(-1);

  constructor(schema: readonly SchemaMessage[], private readonly factories: readonly ReaderFactory[] = []) {
    this.messages = buildMessageInfos(schema);
    for (const info of this.messages) {
      this.byName.set(info.name, info);
      const key = wireKey(info.frequency, info.number);
      if (info.frequency === 'High') this.high[key] = info.index;
      else if (info.frequency === 'Medium') this.medium[key & 0xff] = info.index;
      else this.low[key & 0xffff] = info.index;
    }
  }

  get(name: string): MessageInfo | undefined {
    return this.byName.get(name);
  }

  /** Message index for a widened wire key (see `wireKey`), or -1. */
  indexOfWireKey(key: number): number {
    if (key <= 0xff) return this.high[key]!;
    if (key <= 0xffff) return (key & 0xff00) === 0xff00 ? this.medium[key & 0xff]! : -1;
    return (key >>> 16) === 0xffff ? this.low[key & 0xffff]! : -1;
  }

  createReader(index: number): MessageReader {
    const info = this.messages[index];
    if (!info) throw new RangeError(`no message at index ${index}`);
    const factory = this.factories[index];
    return factory ? factory(info) : new MessageReader(info);
  }
}
