import { createPacketDecoder, createPacketEncoder } from '@slv/protocol';
import { describe, expect, it } from 'vitest';
import { MessageBus } from './message-bus.ts';

const source = { label: 'test' };

function decoded(name: string, value: Record<string, unknown>) {
  const encoder = createPacketEncoder();
  const decoder = createPacketDecoder();
  const length = encoder.encode(name, value, { sequence: 1 });
  if (!decoder.decode(encoder.bytes, length)) throw new Error(decoder.error);
  return decoder;
}

describe('MessageBus', () => {
  it('hands typed readers to subscribers of that message only', () => {
    const bus = new MessageBus();
    const kills: number[] = [];
    let pings = 0;
    bus.on('KillObject', (reader, from) => {
      expect(from).toBe(source);
      for (let i = 0; i < reader.ObjectData.count; i++) kills.push(reader.ObjectData.ID(i));
    });
    bus.on('StartPingCheck', () => { pings++; });
    bus.dispatch(decoded('KillObject', { ObjectData: [{ ID: 7 }, { ID: 9 }] }), source);
    expect(kills).toEqual([7, 9]);
    expect(pings).toBe(0);
  });

  it('unsubscribes, and isolates a throwing handler from the others', () => {
    const bus = new MessageBus();
    const errors: string[] = [];
    bus.onHandlerError = (_error, what) => errors.push(what);
    let calls = 0;
    bus.on('KillObject', () => { throw new Error('boom'); });
    const off = bus.on('KillObject', () => { calls++; });
    const kill = decoded('KillObject', { ObjectData: [{ ID: 1 }] });
    bus.dispatch(kill, source);
    off();
    bus.dispatch(kill, source);
    expect(calls).toBe(1);
    expect(errors).toEqual(['KillObject', 'KillObject']);
  });

  it('delivers every message to onAny and event-queue events by name', () => {
    const bus = new MessageBus();
    const any: string[] = [];
    const events: unknown[] = [];
    bus.onAny((decoder) => any.push(decoder.message!.name));
    bus.onEvent('EnableSimulator', (body) => events.push(body));
    bus.dispatch(decoded('KillObject', { ObjectData: [] }), source);
    bus.dispatchEvent('EnableSimulator', { SimulatorInfo: [] }, source);
    bus.dispatchEvent('ParcelProperties', {}, source);
    expect(any).toEqual(['KillObject']);
    expect(events).toEqual([{ SimulatorInfo: [] }]);
  });

  it('rejects a name the template does not have', () => {
    expect(() => new MessageBus().on('NoSuchMessage' as 'KillObject', () => {})).toThrow(/NoSuchMessage/);
  });
});
