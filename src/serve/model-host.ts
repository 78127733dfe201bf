import { Tensor } from '../tensor/tensor.js';
import { MicroBatcher, type BatcherOptions } from './batcher.js';
import { type LoadedGPT, isGPTDir, loadGPTDir } from './gpt-dir.js';
import { fromLayersModel } from './layers-adapter.js';
import { loadServable, readModelInfo, type ModelInfo } from './model-dir.js';
import type { Registry } from './registry.js';
import type { Servable } from './servable.js';
import type { VersionRecord } from './store.js';
import { loadWordEncoder } from './word-encoder.js';
import type { TextToIds } from './codec.js';

/** One loaded model version: the servable, its batcher and its side files. */
export interface LoadedVersion {
  version: number;
  record: VersionRecord;
  servable: Servable;
  batcher: MicroBatcher;
  info: ModelInfo;
  /** Text models: turns a string into the model's id sequence (from `tokenizer.json`). */
  text: TextToIds | null;
  /** GPT versions: the model and its tokenizer, served by the generate routes. */
  generator: LoadedGPT | null;
}

/** Runs one dummy predict so the first real request does not pay for lazy initialisation. */
function warmUp(s: Servable): void {
  const dims = s.input.shape.slice(1).map((d) => (d < 0 ? 1 : d));
  const size = dims.reduce((a, d) => a * d, 1);
  const dtype = s.input.dtype === 'int32' ? 'int32' : 'float32';
  s.predict(new Tensor(dtype === 'int32' ? new Int32Array(size) : new Float32Array(size), [1, ...dims], dtype));
}

/**
 * Holds the serving version of one model and swaps it atomically: a request takes `current` once and finishes on
 * it, so a swap never drops or mixes requests. Other versions are loaded on demand for `/versions/{v}` routes.
 * @example const host = await ModelHost.start(registry); const { batcher } = host.current;
 */
export class ModelHost {
  private serving!: LoadedVersion;
  private readonly others = new Map<number, Promise<LoadedVersion>>();
  private timer: NodeJS.Timeout | null = null;
  private swapping: Promise<void> | null = null;
  /** Set once the serving version is loaded and warmed up. */
  ready = false;

  private constructor(readonly registry: Registry, private readonly batcherOptions: BatcherOptions) {}

  /** Loads and warms up the serving version. */
  static async start(registry: Registry, batcherOptions: BatcherOptions = { maxDelayMs: 2, maxRows: 256 }): Promise<ModelHost> {
    const host = new ModelHost(registry, batcherOptions);
    host.serving = await host.load(await registry.serving());
    host.ready = true;
    return host;
  }

  /** The serving version right now. */
  get current(): LoadedVersion {
    return this.serving;
  }

  private async load(record: VersionRecord): Promise<LoadedVersion> {
    const dir = this.registry.dirOf(record);
    // A GPT is loaded once: the generate routes use the model itself, infer/predict the same model as logits.
    const generator = (await isGPTDir(dir)) ? await loadGPTDir(dir) : null;
    const servable = generator ? fromLayersModel(generator.model) : await loadServable(dir);
    warmUp(servable);
    const text = !generator && servable.input.shape.length === 2 ? await loadWordEncoder(dir, servable.input.shape[1] ?? 0) : null;
    const batcher = new MicroBatcher(servable, this.batcherOptions);
    return { version: record.version, record, servable, batcher, info: await readModelInfo(dir), text, generator };
  }

  /** The loaded version `v` (the serving one, or loaded and cached on first use); null when it does not exist. */
  async get(v: number): Promise<LoadedVersion | null> {
    if (v === this.serving.version) return this.serving;
    const cached = this.others.get(v);
    if (cached) return cached;
    const record = await this.registry.store.getVersion(this.registry.name, v);
    if (!record) return null;
    const p = this.load(record);
    this.others.set(v, p);
    p.catch(() => this.others.delete(v));
    return p;
  }

  /** Reads the serving version from the store and swaps to it when it changed. Returns true on a swap. */
  async refresh(): Promise<boolean> {
    if (this.swapping) await this.swapping;
    const record = await this.registry.serving();
    if (record.version === this.serving.version) return false;
    let swapped = false;
    this.swapping = (async () => {
      const next = this.others.get(record.version) ? await (this.others.get(record.version) as Promise<LoadedVersion>) : await this.load(record);
      next.record = record;
      const old = this.serving;
      this.serving = next; // the atomic swap: one reference assignment
      this.others.delete(record.version);
      this.others.set(old.version, Promise.resolve(old));
      swapped = true;
    })();
    try {
      await this.swapping;
    } finally {
      this.swapping = null;
    }
    return swapped;
  }

  /** Polls the store every `ms` milliseconds so versions promoted by `tforge retrain` start serving. */
  watch(ms: number, onError: (e: unknown) => void): void {
    this.timer = setInterval(() => {
      this.refresh().catch(onError);
    }, ms);
    this.timer.unref();
  }

  /** Stops watching. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
