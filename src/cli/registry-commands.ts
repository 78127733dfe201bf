import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../core/errors.js';
import { ModelHost } from '../serve/model-host.js';
import { readModelInfo } from '../serve/model-dir.js';
import { openStore } from '../serve/open-store.js';
import { DEFAULT_DB_FILE, Registry } from '../serve/registry.js';
import { retrain, type RetrainResult } from '../serve/retrain.js';
import { Anonymizer, purgeExpired } from '../serve/privacy.js';
import type { RetrainOutcome } from '../serve/routes-admin.js';
import { createServer, type ServerTimeouts } from '../serve/server.js';
import type { ProgressStream } from './progress.js';
import { dbKeyOf, resolveTrust, type TrustFlags } from './serve-config.js';
import { loadDataRef, loadSpec } from './spec.js';
import { isLoopback } from '../serve/auth.js';

/** Flags shared by the registry commands. */
export interface RegistryFlags {
  name?: string;
  /** SQLite path or `postgres://` URL (default: `<dir>/tforge.db`). */
  db?: string;
  /** File holding the SQLite encryption key (else TFORGE_DB_KEY; neither: unencrypted). */
  dbKeyFile?: string;
}

/**
 * Opens the store and registry of `dir`.
 * @example const registry = await openRegistry('models/mnist', { db: 'postgres://tforge:tforge@127.0.0.1/tforge' });
 */
export async function openRegistry(dir: string, flags: RegistryFlags): Promise<Registry> {
  const key = dbKeyOf(flags);
  const store = await openStore(flags.db ?? join(resolve(dir), DEFAULT_DB_FILE), key === undefined ? {} : { key });
  try {
    return await Registry.open(dir, store, flags.name);
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** Flags of `tforge serve`. */
export interface ServeFlags extends RegistryFlags, TrustFlags {
  port?: number;
  /** How often to check the store for a newly promoted version (ms). */
  watchMs?: number;
  maxBatchDelayMs?: number;
  maxRows?: number;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  maxInFlight?: number;
  /** Rows waiting in the micro-batcher before predict answers 503. */
  maxQueueRows?: number;
  timeouts?: ServerTimeouts;
  /** Delete feedback older than this many days (checked at start and hourly). */
  retentionDays?: number;
  /** Graceful shutdown: longest wait for in-flight requests before sockets are cut (ms, default 10 s). */
  shutdownGraceMs?: number;
}

/** Runs `tforge retrain` in a child process, so training never blocks the server's event loop. */
function childRetrain(dir: string, flags: ServeFlags, registryName: string, dbKey: string | undefined): () => Promise<RetrainOutcome> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const main = existsSync(join(here, 'main.js')) ? join(here, 'main.js') : join(here, 'main.ts');
  return () =>
    new Promise<RetrainOutcome>((resolvePromise, reject) => {
      const args = [...process.execArgv, main, 'retrain', dir, '--name', registryName, ...(flags.db ? ['--db', flags.db] : [])];
      // The key travels in the environment, never on a command line other users can read in `ps`.
      const env = { ...process.env, ...(dbKey === undefined ? {} : { TFORGE_DB_KEY: dbKey }) };
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`tforge retrain exited with ${code}: ${out.trim().split('\n').slice(-3).join(' ')}`));
        const m = /v(\d+) (is now serving|rejected)/.exec(out);
        resolvePromise({ promoted: m?.[2] === 'is now serving', candidateVersion: Number(m?.[1] ?? 0), summary: out.trim().split('\n').pop() ?? '' });
      });
    });
}

/** A running server and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  url: string;
  host: ModelHost;
  close(): Promise<void>;
}

/**
 * `tforge serve <dir>`: serves the registry's serving version over TF Serving REST and OIP v2 with the web pages,
 * and switches to newly promoted versions without dropping requests.
 * @example const s = await runServe('models/mnist', { port: 8501 }, process.stdout); await s.close();
 */
export async function runServe(dir: string, flags: ServeFlags, out: ProgressStream): Promise<RunningServer> {
  const trust = resolveTrust(dir, flags);
  const registry = await openRegistry(dir, flags);
  const host = await ModelHost.start(registry, {
    maxDelayMs: flags.maxBatchDelayMs ?? 2,
    maxRows: 256,
    ...(flags.maxQueueRows === undefined ? {} : { maxQueueRows: flags.maxQueueRows }),
  });
  host.watch(flags.watchMs ?? 1000, (e) => out.write(`warning: could not refresh the serving version: ${(e as Error).message}\n`));
  const bind = flags.host ?? '127.0.0.1';
  const app = await createServer({
    host,
    limits: { maxRows: flags.maxRows ?? 1024 },
    access: { tokens: trust.tokens, openPredict: trust.openPredict },
    uiSession: isLoopback(bind),
    anonymizer: new Anonymizer({ userIdKey: trust.userIdKey, scrub: trust.scrub }),
    retrain: childRetrain(dir, flags, registry.name, dbKeyOf(flags)),
    ...(trust.tls ? { tls: trust.tls } : {}),
    ...(flags.bodyLimit === undefined ? {} : { bodyLimit: flags.bodyLimit }),
    ...(flags.maxInFlight === undefined ? {} : { maxInFlight: flags.maxInFlight }),
    ...(flags.timeouts ? { timeouts: flags.timeouts } : {}),
  });
  let retention: NodeJS.Timeout | null = null;
  if (flags.retentionDays !== undefined) {
    const days = flags.retentionDays;
    const purge = () => purgeExpired(registry.store, days).catch((e: unknown) => out.write(`warning: retention purge failed: ${(e as Error).message}\n`));
    await purge();
    retention = setInterval(() => void purge(), 3_600_000);
    retention.unref();
  }
  await app.listen({ port: flags.port ?? 8501, host: bind });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : flags.port ?? 8501;
  const url = `${trust.tls ? 'https' : 'http'}://${bind.includes(':') ? `[${bind}]` : bind}:${port}`;
  out.write(`Serving '${registry.name}' v${host.current.version} (${registry.store.kind} store) at ${url}/\n`);
  out.write(`  model card  ${url}/ui/card.html\n  playground  ${url}/ui/playground.html\n`);
  out.write(`  predict     POST ${url}/v1/models/${registry.name}:predict   |   POST ${url}/v2/models/${registry.name}/infer${trust.openPredict ? '' : '   (predict token)'}\n`);
  if (host.current.generator) {
    out.write(`  generate    POST ${url}/v2/models/${registry.name}/generate   |   POST ${url}/v2/models/${registry.name}/generate_stream (server-sent events)\n`);
    out.write(`  chat        ${url}/ui/chat.html\n`);
  }
  // Tokens are secrets: say where they are, never print them.
  if (trust.generatedTokensFile) out.write(`  tokens      generated for this loopback server in ${trust.generatedTokensFile} (feedback, metrics, admin; mode 0600)\n`);
  else if (trust.tokensFile) out.write(`  tokens      from ${trust.tokensFile}${Object.keys(trust.tokens).length ? '' : ' and the environment'}\n`);
  else out.write(`  tokens      from the environment (${Object.keys(trust.tokens).join(', ')})\n`);
  const grace = flags.shutdownGraceMs ?? 10_000;
  return {
    app,
    url,
    host,
    async close() {
      host.stop();
      if (retention) clearInterval(retention);
      // Graceful: stop accepting, let in-flight requests finish, cut whatever is left after the grace period.
      const cut = setTimeout(() => app.server.closeAllConnections(), grace);
      cut.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
        await registry.store.close();
      }
    },
  };
}

/** Flags of `tforge retrain`. */
export interface RetrainFlags extends RegistryFlags {
  epochs?: number;
  batchSize?: number;
  replayRatio?: number;
  tolerance?: number;
  seed?: number;
  data?: string;
  /** Train with DP-SGD within this epsilon. */
  dpEpsilon?: number;
  dpDelta?: number;
  dpClip?: number;
}

/**
 * `tforge retrain <dir>`: fine-tunes the serving version on the stored feedback plus replayed training data and
 * promotes the candidate only if its test accuracy is not worse.
 * @example await runRetrain('models/mnist', { epochs: 1 }, process.stdout);
 */
export async function runRetrain(dir: string, flags: RetrainFlags, out: ProgressStream): Promise<RetrainResult> {
  const registry = await openRegistry(dir, flags);
  try {
    const serving = await registry.serving();
    const { card } = await readModelInfo(registry.dirOf(serving));
    const loadData = async () => {
      if (flags.data) return (await loadSpec(flags.data)).spec.data({});
      if (!card?.data) throw new ConfigError(`tforge retrain: ${dir} has no card.json naming its training data; pass --data <spec>.`);
      return loadDataRef(card.data);
    };
    const result = await retrain(registry, {
      loadData,
      log: (l) => out.write(`${l}\n`),
      ...(flags.epochs === undefined ? {} : { epochs: flags.epochs }),
      ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
      ...(flags.replayRatio === undefined ? {} : { replayRatio: flags.replayRatio }),
      ...(flags.tolerance === undefined ? {} : { tolerance: flags.tolerance }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.dpEpsilon === undefined
        ? {}
        : { dp: { epsilon: flags.dpEpsilon, ...(flags.dpDelta === undefined ? {} : { delta: flags.dpDelta }), ...(flags.dpClip === undefined ? {} : { l2NormClip: flags.dpClip }) } }),
    });
    out.write(
      `Feedback accuracy ${result.feedbackAccuracy.before.toFixed(4)} -> ${result.feedbackAccuracy.after.toFixed(4)}; ` +
        `test accuracy ${(result.baseline.accuracy ?? 0).toFixed(4)} -> ${(result.metrics.accuracy ?? 0).toFixed(4)}: ` +
        `${result.promoted ? `v${result.candidate.version} is now serving` : `v${result.candidate.version} rejected, v${serving.version} keeps serving`}.\n`,
    );
    if (result.privacy) out.write(`Privacy: (epsilon ${result.privacy.epsilon.toFixed(3)}, delta ${result.privacy.delta.toExponential(1)}) by DP-SGD over ${result.privacy.steps} steps (RDP accountant); recorded in the model card.\n`);
    return result;
  } finally {
    await registry.store.close();
  }
}

/**
 * `tforge versions <dir>`: the registry's versions with status and metrics.
 * @example await runVersions('models/mnist', {}, process.stdout);
 */
export async function runVersions(dir: string, flags: RegistryFlags, out: ProgressStream): Promise<void> {
  const registry = await openRegistry(dir, flags);
  try {
    out.write('version  status     accuracy  loss      created                   note\n');
    for (const v of await registry.versions()) {
      const acc = v.metrics?.accuracy?.toFixed(4) ?? '-';
      const loss = v.metrics?.loss?.toFixed(4) ?? '-';
      out.write(`${String(v.version).padEnd(9)}${v.status.padEnd(11)}${acc.padEnd(10)}${loss.padEnd(10)}${v.createdAt.padEnd(26)}${v.note ?? ''}\n`);
    }
  } finally {
    await registry.store.close();
  }
}

/**
 * `tforge rollback <dir> [--to v]`: serves an older version again.
 * @example await runRollback('models/mnist', { to: 1 }, process.stdout);
 */
export async function runRollback(dir: string, flags: RegistryFlags & { to?: number }, out: ProgressStream): Promise<number> {
  const registry = await openRegistry(dir, flags);
  try {
    const v = await registry.rollback(flags.to);
    out.write(`'${registry.name}' now serves v${v}; running servers switch within their watch interval.\n`);
    return v;
  } finally {
    await registry.store.close();
  }
}
