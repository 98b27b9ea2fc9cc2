/**
 * In-place numeric sort for per-frame paths, where `Array.prototype.sort`
 * would allocate and a typed array's own sort cannot be limited to a prefix
 * without a subarray view.
 */
// Explicit stack of the sort: the larger part is pushed, so depth stays under log2(n) pairs.
const sortStack = new Int32Array(128);

/**
 * Sorts a[0..n) ascending in place, allocating nothing: median-of-three
 * quicksort with an explicit stack, insertion sort below 17 elements. The
 * engine's one comparison sort (cluster light keys, the adaptive scaler's
 * frame-time median); back-to-front ordering uses the radix sort instead.
 */
export function sortFloat64(a: Float64Array, n: number): void {
  if (n > a.length) throw new RangeError(`sortFloat64: ${n} keys but the array holds ${a.length}`);
  if (n < 2) return;
  let top = 0;
  sortStack[top++] = 0;
  sortStack[top++] = n - 1;
  while (top > 0) {
    let hi = sortStack[--top]!;
    let lo = sortStack[--top]!;
    while (hi - lo > 16) {
      const mid = (lo + hi) >>> 1;
      // Median of three as the pivot, left in a[mid].
      if (a[mid]! < a[lo]!) swap(a, mid, lo);
      if (a[hi]! < a[lo]!) swap(a, hi, lo);
      if (a[hi]! < a[mid]!) swap(a, hi, mid);
      const pivot = a[mid]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (a[i]! < pivot) i++;
        while (a[j]! > pivot) j--;
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        sortStack[top++] = i;
        sortStack[top++] = hi;
        hi = j;
      } else {
        sortStack[top++] = lo;
        sortStack[top++] = j;
        lo = i;
      }
    }
    for (let i = lo + 1; i <= hi; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= lo && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = v;
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
