/**
 * Writing the page table (see vt-layout.ts): each dirty row's entries say,
 * per page, which atlas slot holds it or the nearest coarser resident page,
 * and the level that slot holds; the row's last texel says the texture's
 * size and whether it has alpha.
 */
import { entryIndex } from './vt-layout.ts';
import type { VtResidency, VtTexture } from './vt-residency.ts';

/**
 * Rewrites the page-table texels of every dirty row and hands the rows to
 * `upload(row)` (the GPU copy). Entry texel: slot low byte, slot high byte,
 * the level the slot holds, 255 when valid (0: nothing resident, the face
 * shows its colour alone). The row's last texel: log2 width, log2 height,
 * 255 if the texture has alpha, 255 when the texture has a shape.
 */
export function writeDirtyRows(r: VtResidency, upload: (row: number) => void): void {
  const w = r.rowWidth;
  const table = r.table;
  for (let k = 0; k < r.dirtyCount; k++) {
    const row = r.dirtyRows[k];
    r.rowDirty[row] = 0;
    const base = row * w * 4;
    table.fill(0, base, base + w * 4);
    const t = r.rows[row];
    const s = t?.shape ?? null;
    if (t != null && s !== null) {
      const info = base + (w - 1) * 4;
      table[info] = s.log2Width;
      table[info + 1] = s.log2Height;
      table[info + 2] = t.hasAlpha ? 255 : 0;
      table[info + 3] = 255;
      const tail = s.entryOffset[s.firstTailLevel];
      for (let m = 0; m < s.firstTailLevel; m++) {
        for (let y = 0; y < s.pagesY[m]; y++) {
          for (let x = 0; x < s.pagesX[m]; x++) {
            // This page, else its parent pages up the levels, else the tail.
            let level = m;
            let px = x;
            let py = y;
            let e = entryIndex(s, m, x, y);
            while (t.slotOf[e] < 0 && level < s.firstTailLevel) {
              level++;
              px >>= 1;
              py >>= 1;
              e = entryIndex(s, level, Math.min(px, s.pagesX[Math.min(level, s.levels - 1)] - 1), Math.min(py, s.pagesY[Math.min(level, s.levels - 1)] - 1));
            }
            writeEntry(table, base + entryIndex(s, m, x, y) * 4, t, e, level >= s.firstTailLevel ? t.tailLevel : level);
          }
        }
      }
      writeEntry(table, base + tail * 4, t, tail, t.tailLevel);
    }
    upload(row);
  }
  r.dirtyCount = 0;
}

function writeEntry(table: Uint8Array, o: number, t: VtTexture, entry: number, level: number): void {
  const slot = t.slotOf[entry];
  if (slot < 0 || level >= t.shape!.levels) return;
  table[o] = slot & 255;
  table[o + 1] = slot >> 8;
  table[o + 2] = level;
  table[o + 3] = 255;
}
