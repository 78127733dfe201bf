import { mkdir } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { ConfigError, ValueError } from '../core/errors.js';
import { isModelDir, readModelInfo } from './model-dir.js';
import type { Store, VersionRecord } from './store.js';

/** Default SQLite file inside a registry directory. */
export const DEFAULT_DB_FILE = 'tforge.db';

/**
 * A model registry: version directories under `root` (the trained model itself is version 1, retrained ones live
 * in `root/versions/...`) and their metrics and status in a `Store`. Exactly one version is 'serving'.
 * @example const reg = await Registry.open('models/mnist', store); (await reg.serving()).version;
 */
export class Registry {
  private constructor(readonly root: string, readonly name: string, readonly store: Store) {}

  /** Opens the registry at `root` for model `name` (default: the directory's base name), registering v1 if empty. */
  static async open(root: string, store: Store, name = basename(resolve(root))): Promise<Registry> {
    const reg = new Registry(resolve(root), name, store);
    const versions = await store.listVersions(name);
    if (versions.length === 0) {
      if (!isModelDir(reg.root)) {
        throw new ConfigError(`Registry.open: ${reg.root} holds no model.json and no registered versions; pass a directory written by 'tforge train'.`);
      }
      const { metrics } = await readModelInfo(reg.root);
      await store.addVersion({ model: name, path: '.', metrics, status: 'serving', note: 'initial training' });
    } else if (!versions.some((v) => v.status === 'serving')) {
      const last = versions[versions.length - 1] as VersionRecord;
      await store.promote(name, last.version);
    }
    return reg;
  }

  /** The absolute directory of a version. */
  dirOf(v: VersionRecord): string {
    return resolve(this.root, v.path);
  }

  /** The serving version. */
  async serving(): Promise<VersionRecord> {
    const v = await this.store.servingVersion(this.name);
    if (!v) throw new ValueError(`Registry: model '${this.name}' has no serving version; promote one with 'tforge rollback --to <v>'.`);
    return v;
  }

  /** All versions, oldest first. */
  versions(): Promise<VersionRecord[]> {
    return this.store.listVersions(this.name);
  }

  /** A fresh directory for a new version's files. */
  async newVersionDir(): Promise<string> {
    const dir = join(this.root, 'versions', `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 6)}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Records a version saved in `dir` as a candidate. */
  async register(dir: string, metrics: VersionRecord['metrics'], note: string): Promise<VersionRecord> {
    return this.store.addVersion({ model: this.name, path: relative(this.root, resolve(dir)) || '.', metrics, status: 'candidate', note });
  }

  /** Makes `version` the serving one (servers watching the store switch to it). */
  async promote(version: number): Promise<void> {
    const v = await this.store.getVersion(this.name, version);
    if (!v) throw new ValueError(`Registry.promote: model '${this.name}' has no version ${version}; see 'tforge versions'.`);
    if (v.status === 'rejected') throw new ValueError(`Registry.promote: version ${version} was rejected (${v.note ?? 'worse than the serving one'}); it cannot serve.`);
    await this.store.promote(this.name, version);
  }

  /** Serves `to`, or else the newest archived version older than the serving one. Returns the version now serving. */
  async rollback(to?: number): Promise<number> {
    const current = await this.serving();
    let target = to;
    if (target === undefined) {
      const older = (await this.versions()).filter((v) => v.version < current.version && v.status === 'archived');
      const prev = older[older.length - 1];
      if (!prev) throw new ValueError(`Registry.rollback: no archived version older than v${current.version} to roll back to.`);
      target = prev.version;
    }
    await this.promote(target);
    return target;
  }
}
