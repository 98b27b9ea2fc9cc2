/**
 * LayerData layer codes (LayerID.Type, repeated in the group header).
 *
 * The extended codes come from Aurora/OpenSim var-regions and carry 32-bit patch ids.
 * Their letters follow the viewers and simulators that use them (Firestorm's llvlmanager.cpp,
 * libopenmetaverse/SilverSim LayerType): 'M' land, 'X' water, '9' wind, ':' cloud.
 */
export const LAYER_LAND = 0x4c; // 'L'
export const LAYER_WIND = 0x37; // '7'
export const LAYER_CLOUD = 0x38; // '8'
export const LAYER_WATER = 0x57; // 'W'
export const LAYER_LAND_EXTENDED = 0x4d; // 'M'
export const LAYER_WATER_EXTENDED = 0x58; // 'X'
export const LAYER_WIND_EXTENDED = 0x39; // '9'
export const LAYER_CLOUD_EXTENDED = 0x3a; // ':'

/** quant_wbits value that ends the patch list of a packet. */
export const END_OF_PATCHES = 97;

/** Group header stride written by SL and OpenSim simulators; viewers ignore it. */
export const LAYER_DATA_STRIDE = 264;

export function isKnownLayerType(type: number): boolean {
  return isExtendedLayerType(type) || type === LAYER_LAND || type === LAYER_WIND || type === LAYER_CLOUD || type === LAYER_WATER;
}

/** Extended types address patches with 32-bit ids (x = ids >>> 16, y = ids & 0xffff). */
export function isExtendedLayerType(type: number): boolean {
  return (
    type === LAYER_LAND_EXTENDED ||
    type === LAYER_WATER_EXTENDED ||
    type === LAYER_WIND_EXTENDED ||
    type === LAYER_CLOUD_EXTENDED
  );
}

export function isLandLayerType(type: number): boolean {
  return type === LAYER_LAND || type === LAYER_LAND_EXTENDED;
}

/** `'L' (0x4c)` style label for messages. */
export function layerTypeLabel(type: number): string {
  const hex = `0x${type.toString(16).padStart(2, '0')}`;
  return type >= 0x20 && type < 0x7f ? `'${String.fromCharCode(type)}' (${hex})` : hex;
}
