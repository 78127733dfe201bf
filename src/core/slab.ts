// Storage for small typed arrays, carved from shared ArrayBuffers ("slabs").
//
// Why: every `new Float32Array(n)` above 64 bytes makes V8 allocate a separate off-heap backing store (0.2 to
// 0.8 µs on this class of machine), and smaller ones live on the V8 heap, where handing them to the native
// backend forces V8 to move them off-heap first (about as slow). Small tensors are the common case in inference
// and in the bias/scalar half of a training step, so that cost dominated small ops. A view onto a slab costs
// about 20 ns.
//
// Each region is handed out once and never reused (a bump allocator), so it is already zero: a fresh ArrayBuffer
// is zero-filled. A slab is reclaimed by the garbage collector once no view onto it is left. The price is that a
// small array kept alive keeps its whole slab alive, which is why slabs are small: arrays of at most 64 bytes
// (scalars, short vectors) share 1 KiB slabs and arrays of at most 1 KiB share 16 KiB slabs.

const TINY_BYTES = 64;
const TINY_SLAB = 1024;
/** Arrays above this many bytes get their own ArrayBuffer. */
export const SLAB_MAX_BYTES = 1024;
const SMALL_SLAB = 16384;

let tinyBuffer = new ArrayBuffer(TINY_SLAB);
let tinyOffset = 0;
let smallBuffer = new ArrayBuffer(SMALL_SLAB);
let smallOffset = 0;

/** The slab the last `carve` call took its region from. */
export let carvedFrom: ArrayBuffer = tinyBuffer;

/**
 * Reserves `bytes` (1 to SLAB_MAX_BYTES) of zeroed memory and returns its byte offset in `carvedFrom`. Regions are
 * 16-byte aligned when tiny and 64-byte aligned (one cache line, one AVX-512 vector) otherwise.
 */
export function carve(bytes: number): number {
  if (bytes <= TINY_BYTES) {
    if (tinyOffset + bytes > TINY_SLAB) {
      tinyBuffer = new ArrayBuffer(TINY_SLAB);
      tinyOffset = 0;
    }
    const at = tinyOffset;
    tinyOffset += (bytes + 15) & ~15;
    carvedFrom = tinyBuffer;
    return at;
  }
  if (smallOffset + bytes > SMALL_SLAB) {
    smallBuffer = new ArrayBuffer(SMALL_SLAB);
    smallOffset = 0;
  }
  const at = smallOffset;
  smallOffset += (bytes + 63) & ~63;
  carvedFrom = smallBuffer;
  return at;
}
