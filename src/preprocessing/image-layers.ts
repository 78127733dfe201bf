// Keras image preprocessing layers. The random augmentations change their input only when called with
// `{ training: true }` (model.fit does this); at inference they are the identity. Images are channels-last,
// [height, width, channels] or [batch, height, width, channels]; outputs are float32.
import { ConfigError } from '../core/errors.js';
import { Random, rngFor } from '../core/random.js';
import { singleInput } from '../layers/core.js';
import { type ConfigDict, Layer, type LayerArgs, type ShapeOrShapes } from '../layers/layer.js';
import { registerLayer } from '../layers/registry.js';
import type { CallKwargs, SymbolicShape } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { type FillMode, type Interpolation, affineTransform, asImages, fromImages } from './image-ops.js';

/** A factor given as one number f (meaning [-f, f]) or an explicit [low, high] range. */
export type FactorRange = number | [number, number];

function range(f: FactorRange, what: string, layer: string): [number, number] {
  const r: [number, number] = typeof f === 'number' ? [-Math.abs(f), Math.abs(f)] : [f[0], f[1]];
  if (!Number.isFinite(r[0]) || !Number.isFinite(r[1]) || r[0] > r[1]) {
    throw new ConfigError(`${layer}: ${what} must be a number or [low, high] with low <= high, received ${JSON.stringify(f)}.`);
  }
  return r;
}

const FILL_MODES: FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];

/** Shared config of the geometric augmentation layers. */
export interface GeometricArgs extends LayerArgs {
  /** Fill for points outside the input: 'reflect' (default), 'wrap', 'constant' or 'nearest'. */
  fillMode?: FillMode;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: Interpolation;
  /** Value used by fillMode 'constant' (default 0). */
  fillValue?: number;
  /** Seed of this layer's generator (default: the global generator, see setSeed). */
  seed?: number | null;
}

/** Base of the random augmentation layers: a seeded generator and the training-only switch. */
abstract class RandomImageLayer extends Layer {
  readonly seed: number | null;
  private readonly rng: Random | null;

  constructor(args: LayerArgs & { seed?: number | null }) {
    super(args);
    this.seed = args.seed ?? null;
    this.rng = this.seed === null ? null : new Random(this.seed);
  }

  /** Uniform sample in [lo, hi). */
  protected uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * (this.rng ?? rngFor()).next();
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    return kwargs.training ? this.augment(x) : x;
  }

  protected abstract augment(x: Tensor): Tensor;

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

abstract class GeometricLayer extends RandomImageLayer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: GeometricArgs) {
    super(args);
    this.fillMode = args.fillMode ?? 'reflect';
    this.interpolation = args.interpolation ?? 'bilinear';
    this.fillValue = args.fillValue ?? 0;
    if (!FILL_MODES.includes(this.fillMode)) {
      throw new ConfigError(`${this.getClassName()}: fillMode must be one of ${FILL_MODES.join(', ')}, received '${String(this.fillMode)}'.`);
    }
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') {
      throw new ConfigError(`${this.getClassName()}: interpolation must be 'bilinear' or 'nearest', received '${String(this.interpolation)}'.`);
    }
  }

  /** The output->input affine map for one image of size h x w. */
  protected abstract matrix(h: number, w: number): number[];

  protected augment(x: Tensor): Tensor {
    const img = asImages(x, this.name);
    const matrices = Array.from({ length: img.n }, () => this.matrix(img.h, img.w));
    const out = affineTransform(img, matrices, this);
    return fromImages(out, img.n, img.h, img.w, img.c, img.batched);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

/** Options of `RandomFlip`. */
export interface RandomFlipArgs extends LayerArgs {
  /** 'horizontal' (left-right), 'vertical' (up-down) or 'horizontal_and_vertical' (default). */
  mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical';
  seed?: number | null;
}

/**
 * Flips each image left-right and/or up-down with probability 1/2 per axis, during training only.
 * @example randomFlip({ mode: 'horizontal', seed: 1 }).apply(images, { training: true });
 */
export class RandomFlip extends RandomImageLayer {
  static override className = 'RandomFlip';
  readonly mode: 'horizontal' | 'vertical' | 'horizontal_and_vertical';

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    this.mode = args.mode ?? 'horizontal_and_vertical';
    if (!['horizontal', 'vertical', 'horizontal_and_vertical'].includes(this.mode)) {
      throw new ConfigError(`RandomFlip: mode must be 'horizontal', 'vertical' or 'horizontal_and_vertical', received '${String(this.mode)}'.`);
    }
  }

  protected augment(x: Tensor): Tensor {
    const img = asImages(x, this.name);
    const { n, h, w, c, values } = img;
    const out = new Float32Array(values.length);
    for (let i = 0; i < n; i++) {
      const fx = this.mode !== 'vertical' && this.uniform(0, 1) < 0.5;
      const fy = this.mode !== 'horizontal' && this.uniform(0, 1) < 0.5;
      for (let y = 0; y < h; y++) {
        const sy = fy ? h - 1 - y : y;
        for (let xx = 0; xx < w; xx++) {
          const sx = fx ? w - 1 - xx : xx;
          const o = ((i * h + y) * w + xx) * c;
          const s = ((i * h + sy) * w + sx) * c;
          for (let ch = 0; ch < c; ch++) out[o + ch] = values[s + ch] as number;
        }
      }
    }
    return fromImages(out, n, h, w, c, img.batched);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/** Options of `RandomRotation`. */
export interface RandomRotationArgs extends GeometricArgs {
  /** Rotation as a fraction of a full turn: f means a random angle in [-f·2π, f·2π]; positive is counter-clockwise. */
  factor: FactorRange;
}

/**
 * Rotates each image by a random angle about its centre during training.
 * @example randomRotation({ factor: 0.1, fillMode: 'constant' }); // up to ±36°
 */
export class RandomRotation extends GeometricLayer {
  static override className = 'RandomRotation';
  readonly factor: FactorRange;
  private readonly bounds: [number, number];

  constructor(args: RandomRotationArgs) {
    super(args);
    this.factor = args.factor;
    this.bounds = range(args.factor, 'factor', 'RandomRotation');
  }

  protected matrix(h: number, w: number): number[] {
    return rotationMatrix(this.uniform(this.bounds[0], this.bounds[1]) * 2 * Math.PI, h, w);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

/**
 * Output->input map of a counter-clockwise rotation by `theta` radians about the image centre.
 * @example rotationMatrix(Math.PI / 2, 3, 3); // [cos, -sin, tx, sin, cos, ty] for a 3x3 image
 */
export function rotationMatrix(theta: number, h: number, w: number): number[] {
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  return [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy];
}

/** Options of `RandomZoom`. */
export interface RandomZoomArgs extends GeometricArgs {
  /** Vertical zoom: f means a factor in [-f, f]; positive zooms out, negative zooms in (Keras). */
  heightFactor: FactorRange;
  /** Horizontal zoom; default: the same zoom as the height (aspect ratio kept). */
  widthFactor?: FactorRange | null;
}

/**
 * Zooms each image in or out about its centre by a random factor during training.
 * @example randomZoom({ heightFactor: [-0.2, 0.2] });
 */
export class RandomZoom extends GeometricLayer {
  static override className = 'RandomZoom';
  readonly heightFactor: FactorRange;
  readonly widthFactor: FactorRange | null;
  private readonly hb: [number, number];
  private readonly wb: [number, number] | null;

  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor ?? null;
    this.hb = range(args.heightFactor, 'heightFactor', 'RandomZoom');
    this.wb = this.widthFactor === null ? null : range(this.widthFactor, 'widthFactor', 'RandomZoom');
    if (this.hb[0] <= -1 || (this.wb && this.wb[0] <= -1)) throw new ConfigError('RandomZoom: factors must be > -1 (a zoom of -100% is undefined).');
  }

  protected matrix(h: number, w: number): number[] {
    const zy = 1 + this.uniform(this.hb[0], this.hb[1]);
    const zx = this.wb ? 1 + this.uniform(this.wb[0], this.wb[1]) : zy;
    const cx = (w - 1) / 2;
    const cy = (h - 1) / 2;
    return [zx, 0, cx * (1 - zx), 0, zy, cy * (1 - zy)];
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

/** Options of `RandomTranslation`. */
export interface RandomTranslationArgs extends GeometricArgs {
  /** Vertical shift as a fraction of the height: f means [-f, f]; positive moves the content down. */
  heightFactor: FactorRange;
  /** Horizontal shift as a fraction of the width; positive moves the content right. */
  widthFactor: FactorRange;
}

/**
 * Shifts each image by a random offset during training.
 * @example randomTranslation({ heightFactor: 0.1, widthFactor: 0.1, fillMode: 'constant' });
 */
export class RandomTranslation extends GeometricLayer {
  static override className = 'RandomTranslation';
  readonly heightFactor: FactorRange;
  readonly widthFactor: FactorRange;
  private readonly hb: [number, number];
  private readonly wb: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
    this.hb = range(args.heightFactor, 'heightFactor', 'RandomTranslation');
    this.wb = range(args.widthFactor, 'widthFactor', 'RandomTranslation');
  }

  protected matrix(h: number, w: number): number[] {
    const dy = this.uniform(this.hb[0], this.hb[1]) * h;
    const dx = this.uniform(this.wb[0], this.wb[1]) * w;
    return [1, 0, -dx, 0, 1, -dy];
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}

/** Options of `RandomContrast`. */
export interface RandomContrastArgs extends LayerArgs {
  /** f (or [lower, upper]) picks a contrast factor in [1 - lower, 1 + upper] per image. */
  factor: FactorRange;
  seed?: number | null;
}

/**
 * Scales each image's deviation from its per-channel mean by a random factor during training (no clipping).
 * @example randomContrast({ factor: 0.2 }); // contrast factor in [0.8, 1.2]
 */
export class RandomContrast extends RandomImageLayer {
  static override className = 'RandomContrast';
  readonly factor: FactorRange;
  private readonly lower: number;
  private readonly upper: number;

  constructor(args: RandomContrastArgs) {
    super(args);
    this.factor = args.factor;
    const [lo, hi] = typeof args.factor === 'number' ? [args.factor, args.factor] : args.factor;
    if (!(lo >= 0 && lo <= 1 && hi >= 0)) {
      throw new ConfigError(`RandomContrast: factor must be in [0, 1] (or [lower, upper] with 0 <= lower <= 1, upper >= 0), received ${JSON.stringify(args.factor)}.`);
    }
    this.lower = lo;
    this.upper = hi;
  }

  protected augment(x: Tensor): Tensor {
    const img = asImages(x, this.name);
    const { n, h, w, c, values } = img;
    const out = new Float32Array(values.length);
    const hw = h * w;
    for (let i = 0; i < n; i++) {
      const f = this.uniform(1 - this.lower, 1 + this.upper);
      for (let ch = 0; ch < c; ch++) {
        let mean = 0;
        for (let p = 0; p < hw; p++) mean += values[(i * hw + p) * c + ch] as number;
        mean /= hw || 1;
        for (let p = 0; p < hw; p++) {
          const k = (i * hw + p) * c + ch;
          out[k] = ((values[k] as number) - mean) * f + mean;
        }
      }
    }
    return fromImages(out, n, h, w, c, img.batched);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

for (const cls of [RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast]) registerLayer(cls.className, cls);

/** Output shape helper shared with the deterministic layers. */
export function imageShape(inputShape: ShapeOrShapes, h: number, w: number): SymbolicShape {
  const s = inputShape as SymbolicShape;
  return s.length === 4 ? [s[0] ?? null, h, w, s[3] ?? null] : [h, w, s[2] ?? null];
}
