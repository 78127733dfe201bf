/** Normal and integer draws built on a source of uniforms in [0, 1); subclasses supply `next`. */
export abstract class UniformSource {
  private spare: number | null = null;

  /** Uniform in [0, 1). */
  abstract next(): number;

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A seedable pseudo-random generator (xoshiro128**, seeded by splitmix32); the same seed gives the same stream everywhere. */
export class Random extends UniformSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    super();
    let x = seed >>> 0 || 0x9e3779b9;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.nextUint32() + (this.nextUint32() >>> 11) / 2097152) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalSeed: number | null = null;
let globalRandom = new Random((Math.random() * 2 ** 32) >>> 0);

/** Seeds the generator used by every random op, initializer and shuffle that is not given its own seed. */
export function setSeed(seed: number): void {
  globalSeed = seed;
  globalRandom = new Random(seed);
}

/** The seed last given to `setSeed`, or null. */
export function getSeed(): number | null {
  return globalSeed;
}

/** A generator for `seed` when given, otherwise the shared global generator. */
export function rngFor(seed?: number | null): Random {
  return seed === undefined || seed === null ? globalRandom : new Random(seed);
}
