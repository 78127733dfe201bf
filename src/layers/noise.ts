import { ConfigError } from '../core/errors.js';
import { Random, rngFor } from '../core/random.js';
import { add, dropout, mul, randomNormal } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { singleInput } from './core.js';
import { type ConfigDict, Layer, type LayerArgs } from './layer.js';
import { registerLayer } from './registry.js';
import type { CallKwargs } from './symbolic.js';

/** Options of `Dropout`. */
export interface DropoutLayerArgs extends LayerArgs {
  /** Fraction of the inputs to drop, in [0, 1). */
  rate: number;
  /** Shape of the keep/drop mask (broadcast against the input); `null` entries take the input's size. */
  noiseShape?: (number | null)[] | null;
  /** Seed of this layer's own generator; without it the global generator (see `setSeed`) is used. */
  seed?: number | null;
}

function checkRate(rate: unknown, name: string, cls: string, max = 1): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < max)) {
    throw new ConfigError(`${cls} (${name}): rate must be a number in [0, ${max}), received ${JSON.stringify(rate)}.`);
  }
  return rate;
}

/**
 * During training, zeroes a random fraction `rate` of the inputs and scales the rest by 1/(1-rate); identity at
 * inference.
 * @example dropout({ rate: 0.2 }).apply(x, { training: true });
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private readonly rng: Random | null;

  constructor(args: DropoutLayerArgs) {
    super(args);
    this.rate = checkRate(args?.rate, this.name, this.getClassName());
    this.noiseShape = args.noiseShape ? [...args.noiseShape] : null;
    this.seed = args.seed ?? null;
    this.rng = this.seed === null ? null : new Random(this.seed);
    this.supportsMasking = true;
  }

  /** The mask shape for input `x` (null entries filled from the input). */
  protected maskShape(x: Tensor): number[] | undefined {
    if (!this.noiseShape) return undefined;
    return this.noiseShape.map((d, i) => d ?? (x.shape[i] as number));
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    if (!kwargs.training || this.rate === 0) return x;
    // A fresh seed per call from this layer's generator (or the global one): new masks every step, reproducible
    // under setSeed / a layer seed.
    const seed = (this.rng ?? rngFor()).nextUint32();
    return dropout(x, this.rate, this.maskShape(x), seed);
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}
registerLayer(Dropout.className, Dropout);

/** Options of `SpatialDropout1D` / `SpatialDropout2D`. */
export interface SpatialDropoutLayerArgs extends LayerArgs {
  rate: number;
  seed?: number | null;
  /** 2D only: 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/**
 * Drops whole feature maps of [batch, steps, channels] inputs during training (one mask entry per channel).
 * @example spatialDropout1d({ rate: 0.3 });
 */
export class SpatialDropout1D extends Dropout {
  static override className = 'SpatialDropout1D';

  constructor(args: SpatialDropoutLayerArgs) {
    super({ ...args, noiseShape: null });
    this.inputSpec = [{ ndim: 3 }];
  }

  protected override maskShape(x: Tensor): number[] {
    return [x.shape[0] as number, 1, x.shape[2] as number];
  }

  override getConfig(): ConfigDict {
    const { noiseShape: _n, ...config } = super.getConfig();
    return config;
  }
}
registerLayer(SpatialDropout1D.className, SpatialDropout1D);

/**
 * Drops whole feature maps of 4D image inputs during training.
 * @example spatialDropout2d({ rate: 0.2, dataFormat: 'channelsLast' });
 */
export class SpatialDropout2D extends Dropout {
  static override className = 'SpatialDropout2D';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(args: SpatialDropoutLayerArgs) {
    super({ ...args, noiseShape: null });
    this.dataFormat = args.dataFormat ?? 'channelsLast';
    if (this.dataFormat !== 'channelsLast' && this.dataFormat !== 'channelsFirst') {
      throw new ConfigError(`SpatialDropout2D (${this.name}): dataFormat must be 'channelsLast' or 'channelsFirst', received '${String(this.dataFormat)}'.`);
    }
    this.inputSpec = [{ ndim: 4 }];
  }

  protected override maskShape(x: Tensor): number[] {
    const [b, d1, , d3] = x.shape as [number, number, number, number];
    return this.dataFormat === 'channelsLast' ? [b, 1, 1, d3] : [b, d1, 1, 1];
  }

  override getConfig(): ConfigDict {
    const { noiseShape: _n, ...config } = super.getConfig();
    return { ...config, dataFormat: this.dataFormat };
  }
}
registerLayer(SpatialDropout2D.className, SpatialDropout2D);

/** Options of `GaussianNoise`. */
export interface GaussianNoiseArgs extends LayerArgs {
  /** Standard deviation of the added noise. */
  stddev: number;
  seed?: number | null;
}

/**
 * Adds zero-mean Gaussian noise with standard deviation `stddev` during training (a regularizer); identity at inference.
 * @example gaussianNoise({ stddev: 0.1 });
 */
export class GaussianNoise extends Layer {
  static override className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed: number | null;
  private readonly rng: Random | null;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    if (typeof args?.stddev !== 'number' || !(args.stddev >= 0)) {
      throw new ConfigError(`GaussianNoise (${this.name}): stddev must be a number >= 0, received ${JSON.stringify(args?.stddev)}.`);
    }
    this.stddev = args.stddev;
    this.seed = args.seed ?? null;
    this.rng = this.seed === null ? null : new Random(this.seed);
    this.supportsMasking = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    if (!kwargs.training) return x;
    return add(x, randomNormal(x.shape, 0, this.stddev, x.dtype, (this.rng ?? rngFor()).nextUint32()));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
registerLayer(GaussianNoise.className, GaussianNoise);

/** Options of `GaussianDropout`. */
export interface GaussianDropoutArgs extends LayerArgs {
  /** Drop probability; the multiplicative noise has standard deviation sqrt(rate / (1 - rate)). */
  rate: number;
  seed?: number | null;
}

/**
 * Multiplies inputs by Gaussian noise with mean 1 and standard deviation sqrt(rate/(1-rate)) during training.
 * @example gaussianDropout({ rate: 0.2 });
 */
export class GaussianDropout extends Layer {
  static override className = 'GaussianDropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly rng: Random | null;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    this.rate = checkRate(args?.rate, this.name, 'GaussianDropout');
    this.seed = args.seed ?? null;
    this.rng = this.seed === null ? null : new Random(this.seed);
    this.supportsMasking = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, this.name);
    if (!kwargs.training || this.rate === 0) return x;
    const std = Math.sqrt(this.rate / (1 - this.rate));
    return mul(x, randomNormal(x.shape, 1, std, x.dtype, (this.rng ?? rngFor()).nextUint32()));
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
registerLayer(GaussianDropout.className, GaussianDropout);
