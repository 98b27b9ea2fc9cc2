/**
 * Tiny hand-made codestreams for header tests: SIZ, COD, QCD, optional COM,
 * one tile-part whose packets are all empty (one zero byte each), EOC.
 */
export interface HandMadeOptions {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly precision?: number;
  /** Tile side; the image is one tile when omitted. */
  readonly tile?: number;
  readonly comment?: string;
}

const be16 = (v: number): number[] => [(v >> 8) & 0xff, v & 0xff];
const be32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

export function sizSegment(width: number, height: number, components: number, precision: number, tile: number): number[] {
  const body = [...be16(0), ...be32(width), ...be32(height), 0, 0, 0, 0, 0, 0, 0, 0, ...be32(tile), ...be32(tile), 0, 0, 0, 0, 0, 0, 0, 0, ...be16(components)];
  for (let c = 0; c < components; c++) body.push(precision - 1, 1, 1);
  return [0xff, 0x51, ...be16(body.length + 2), ...body];
}

export function handMadeCodestream(options: HandMadeOptions): Uint8Array {
  const { width, height, components, precision = 8, comment } = options;
  const tile = options.tile ?? Math.max(width, height, 1);
  const layers = 2;
  const cod = [0xff, 0x52, ...be16(12), 0, 2 /* RPCL */, ...be16(layers), components >= 3 ? 1 : 0, 5, 4, 4, 0, 0];
  const qcd = [0xff, 0x5c, ...be16(5), 0x22, ...be16(0x4000)];
  const com = comment === undefined ? [] : [0xff, 0x64, ...be16(comment.length + 4), 0, 1, ...Array.from(comment, (ch) => ch.charCodeAt(0))];
  const packets = new Array<number>(layers * 6 * components).fill(0);
  const tilePart = [0xff, 0x90, ...be16(10), ...be16(0), ...be32(14 + packets.length), 0, 1, 0xff, 0x93, ...packets];
  return Uint8Array.from([0xff, 0x4f, ...sizSegment(width, height, components, precision, tile), ...cod, ...qcd, ...com, ...tilePart, 0xff, 0xd9]);
}
