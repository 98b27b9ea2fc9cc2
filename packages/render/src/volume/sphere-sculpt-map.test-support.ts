/** Test support: a sculpt map of a sphere, RGBA, each texel's RGB its point on the unit sphere (longitude across, latitude down). */
export function sphereSculptMap(side: number): Uint8Array {
  const pixels = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const lon = (2 * Math.PI * x) / (side - 1);
      const lat = (Math.PI * y) / (side - 1);
      const p = [Math.sin(lat) * Math.cos(lon), Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
      const o = (y * side + x) * 4;
      for (let k = 0; k < 3; k++) pixels[o + k] = Math.round((p[k]! * 0.5 + 0.5) * 255);
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}
