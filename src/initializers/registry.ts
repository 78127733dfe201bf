// Lookup of initializers by id, class name or serialized config; TF.js factory functions (tf.initializers.*).
import { ConfigError } from '../core/errors.js';
import { normalizeId } from '../core/ids.js';
import {
  Constant,
  type Initializer,
  type NormalConfig,
  Ones,
  RandomNormal,
  RandomUniform,
  type SeedConfig,
  TruncatedNormal,
  type UniformConfig,
  Zeros,
} from './basic.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  Identity,
  LeCunNormal,
  LeCunUniform,
  Orthogonal,
  VarianceScaling,
  type VarianceScalingConfig,
} from './variance.js';

/** A serialized initializer: Keras/TF.js `{className, config}`. */
export interface InitializerSpec {
  className: string;
  config?: Record<string, unknown>;
}

type Raw = Record<string, unknown>;

// Keyed by lower-cased id without underscores: 'glorot_uniform', 'glorotUniform', 'GlorotUniform' all match.
const BUILDERS: Record<string, (c: Raw) => Initializer> = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (c) => new Constant(c as { value?: number }),
  randomnormal: (c) => new RandomNormal(c as NormalConfig),
  randomuniform: (c) => new RandomUniform(c as UniformConfig),
  truncatednormal: (c) => new TruncatedNormal(c as NormalConfig),
  variancescaling: (c) => new VarianceScaling(c as VarianceScalingConfig),
  glorotuniform: (c) => new GlorotUniform(c as SeedConfig),
  glorotnormal: (c) => new GlorotNormal(c as SeedConfig),
  heuniform: (c) => new HeUniform(c as SeedConfig),
  henormal: (c) => new HeNormal(c as SeedConfig),
  lecununiform: (c) => new LeCunUniform(c as SeedConfig),
  lecunnormal: (c) => new LeCunNormal(c as SeedConfig),
  orthogonal: (c) => new Orthogonal(c as { gain?: number }),
  identity: (c) => new Identity(c as { gain?: number }),
};
// Keras 2 aliases.
BUILDERS['zero'] = BUILDERS['zeros'] as (c: Raw) => Initializer;
BUILDERS['one'] = BUILDERS['ones'] as (c: Raw) => Initializer;
BUILDERS['normal'] = BUILDERS['randomnormal'] as (c: Raw) => Initializer;
BUILDERS['uniform'] = BUILDERS['randomuniform'] as (c: Raw) => Initializer;

function isInitializer(x: unknown): x is Initializer {
  return typeof x === 'object' && x !== null && typeof (x as { apply?: unknown }).apply === 'function' && 'className' in x;
}

/**
 * Resolves an initializer from an id ('glorotUniform' / 'glorot_uniform' / 'GlorotUniform'), a `{className, config}`
 * object (snake_case config keys accepted), or an Initializer; `undefined`/`null` gives `defaultId`.
 * @example getInitializer('he_normal').apply([64, 32]); getInitializer(undefined, 'zeros');
 */
export function getInitializer(id: string | InitializerSpec | Initializer | undefined | null, defaultId = 'glorotUniform'): Initializer {
  if (id === undefined || id === null) return getInitializer(defaultId);
  if (isInitializer(id)) return id;
  const name = typeof id === 'string' ? id : id.className;
  const build = typeof name === 'string' ? BUILDERS[name.toLowerCase().replace(/_/g, '')] : undefined;
  if (!build) {
    throw new ConfigError(
      `getInitializer: unknown initializer ${JSON.stringify(name ?? id)}. Expected an Initializer, a {className, config} ` +
        `object, or one of: zeros, ones, constant, randomNormal, randomUniform, truncatedNormal, varianceScaling, ` +
        `glorotUniform, glorotNormal, heNormal, heUniform, lecunNormal, lecunUniform, orthogonal, identity.`,
    );
  }
  const config: Raw = {};
  if (typeof id !== 'string') for (const [k, v] of Object.entries(id.config ?? {})) config[normalizeId(k)] = v;
  return build(config);
}

/**
 * Serializes an initializer as `{className, config}` (the inverse of `getInitializer`).
 * @example serializeInitializer(glorotUniform({ seed: 1 })); // { className: 'GlorotUniform', config: { seed: 1 } }
 */
export function serializeInitializer(init: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: init.className, config: init.getConfig() };
}

/** Zeros initializer (TF.js `tf.initializers.zeros()`). @example zeros().apply([2]); */
export function zeros(): Initializer {
  return new Zeros();
}
/** Ones initializer. @example ones().apply([2]); */
export function ones(): Initializer {
  return new Ones();
}
/** Constant initializer. @example constant({ value: 0.5 }).apply([2]); */
export function constant(config: { value: number }): Initializer {
  return new Constant(config);
}
/** Normal initializer. @example randomNormal({ stddev: 0.1, seed: 1 }).apply([2, 2]); */
export function randomNormal(config: NormalConfig = {}): Initializer {
  return new RandomNormal(config);
}
/** Uniform initializer. @example randomUniform({ minval: -1, maxval: 1 }).apply([2, 2]); */
export function randomUniform(config: UniformConfig = {}): Initializer {
  return new RandomUniform(config);
}
/** Truncated normal initializer. @example truncatedNormal({ stddev: 0.1 }).apply([2, 2]); */
export function truncatedNormal(config: NormalConfig = {}): Initializer {
  return new TruncatedNormal(config);
}
/** Variance-scaling initializer. @example varianceScaling({ scale: 2, mode: 'fanIn' }).apply([4, 4]); */
export function varianceScaling(config: VarianceScalingConfig = {}): Initializer {
  return new VarianceScaling(config);
}
/** Glorot uniform initializer. @example glorotUniform({ seed: 1 }).apply([4, 4]); */
export function glorotUniform(config: SeedConfig = {}): Initializer {
  return new GlorotUniform(config);
}
/** Glorot normal initializer. @example glorotNormal().apply([4, 4]); */
export function glorotNormal(config: SeedConfig = {}): Initializer {
  return new GlorotNormal(config);
}
/** He normal initializer. @example heNormal().apply([4, 4]); */
export function heNormal(config: SeedConfig = {}): Initializer {
  return new HeNormal(config);
}
/** He uniform initializer. @example heUniform().apply([4, 4]); */
export function heUniform(config: SeedConfig = {}): Initializer {
  return new HeUniform(config);
}
/** LeCun normal initializer. @example leCunNormal().apply([4, 4]); */
export function leCunNormal(config: SeedConfig = {}): Initializer {
  return new LeCunNormal(config);
}
/** LeCun uniform initializer. @example leCunUniform().apply([4, 4]); */
export function leCunUniform(config: SeedConfig = {}): Initializer {
  return new LeCunUniform(config);
}
/** Orthogonal initializer. @example orthogonal({ gain: 1 }).apply([4, 4]); */
export function orthogonal(config: { gain?: number } & SeedConfig = {}): Initializer {
  return new Orthogonal(config);
}
/** Identity initializer. @example identity({ gain: 1 }).apply([3, 3]); */
export function identity(config: { gain?: number } = {}): Initializer {
  return new Identity(config);
}
/** Alias of `leCunNormal` (Keras spelling). @example lecunNormal().apply([4, 4]); */
export const lecunNormal = leCunNormal;
/** Alias of `leCunUniform` (Keras spelling). @example lecunUniform().apply([4, 4]); */
export const lecunUniform = leCunUniform;
