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

/** A bump allocator over one ArrayBuffer at a time; a full slab is left to the garbage collector. */
class Slab {
  buffer: ArrayBuffer;
  private offset = 0;

  constructor(private readonly size: number, private readonly align: number) {
    this.buffer = new ArrayBuffer(size);
  }

  take(bytes: number): number {
    if (this.offset + bytes > this.size) {
      this.buffer = new ArrayBuffer(this.size);
      this.offset = 0;
    }
    const at = this.offset;
    this.offset += (bytes + this.align - 1) & -this.align;
    return at;
  }
}

const tiny = new Slab(TINY_SLAB, 16);
const small = new Slab(SMALL_SLAB, 64);

/** The slab the last `carve` call took its region from. */
export let carvedFrom: ArrayBuffer = tiny.buffer;

/**
 * Reserves `bytes` (1 to SLAB_MAX_BYTES) of zeroed memory and returns its byte offset in `carvedFrom`. Regions are
 * 16-byte aligned when tiny and 64-byte aligned (one cache line, one AVX-512 vector) otherwise.
 */
export function carve(bytes: number): number {
  const slab = bytes <= TINY_BYTES ? tiny : small;
  const at = slab.take(bytes);
  carvedFrom = slab.buffer;
  return at;
}
