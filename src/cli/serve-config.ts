import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { ConfigError } from '../core/errors.js';
import { assertSafeBind, generateToken, isLoopback, loadTokens, type Tokens } from '../serve/auth.js';
import { SCRUB_KINDS, type ScrubKind } from '../serve/privacy.js';

/** Where `tforge serve` keeps the tokens it generates for a loopback server (mode 0600, beside the model). */
export const GENERATED_TOKENS_FILE = 'tokens.json';
/** Where it keeps the user-id hashing key it generates when none is configured. */
export const GENERATED_USER_KEY_FILE = 'user-id.key';

/** Writes a secret file readable by its owner only (mode 0600 from creation), atomically and durably. */
function writeSecret(path: string, text: string): void {
  writeFileAtomicSync(path, text, { mode: 0o600 });
}

/** Reads a one-line secret file (a trailing newline is dropped). */
export function readSecretFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${what}: cannot read ${path}: ${(e as Error).message}.`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new ConfigError(`${what}: ${path} is empty; write the secret on one line (e.g. 'openssl rand -hex 32 > ${path}').`);
  return secret;
}

/** The SQLite encryption key from `--db-key-file` or TFORGE_DB_KEY; undefined when neither is set. */
export function dbKeyOf(flags: { dbKeyFile?: string }, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flags.dbKeyFile !== undefined) return readSecretFile(flags.dbKeyFile, '--db-key-file');
  const k = env.TFORGE_DB_KEY;
  return k === undefined || k === '' ? undefined : k;
}

/** Security flags of `tforge serve`. */
export interface TrustFlags {
  host?: string;
  /** JSON file of role -> token (default `<dir>/tokens.json` when it exists). */
  tokens?: string;
  /** Leave predict open without a token even beyond loopback (a gateway authenticates in front). */
  openPredict?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  userIdKeyFile?: string;
  /** Comma-separated scrubbers for comments, or 'none' (default: all). */
  scrub?: string;
}

/** What `tforge serve` resolved from its flags, files and environment. */
export interface TrustConfig {
  tokens: Tokens;
  openPredict: boolean;
  /** Set when tokens were generated for this loopback server: the file holding them. */
  generatedTokensFile: string | null;
  /** The file the tokens came from, if any. */
  tokensFile: string | null;
  tls: { cert: Buffer; key: Buffer } | null;
  userIdKey: string;
  scrub: ScrubKind[];
}

function parseScrub(s: string | undefined): ScrubKind[] {
  if (s === undefined) return [...SCRUB_KINDS];
  if (s === 'none') return [];
  const kinds = s.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!(SCRUB_KINDS as readonly string[]).includes(k)) throw new ConfigError(`--scrub: unknown kind '${k}'; use a comma-separated list of ${SCRUB_KINDS.join(', ')}, or 'none'.`);
  }
  return kinds as ScrubKind[];
}

/**
 * Resolves tokens, TLS and anonymisation for `tforge serve <dir>`. A loopback server with no tokens configured gets
 * fresh ones in `<dir>/tokens.json` (0600) so the demo works out of the box; any other bind must be configured
 * explicitly, and is refused with instructions otherwise.
 * @example const trust = resolveTrust('models/mnist', { host: '127.0.0.1' }, process.env);
 */
export function resolveTrust(dir: string, flags: TrustFlags, env: NodeJS.ProcessEnv = process.env): TrustConfig {
  const bind = flags.host ?? '127.0.0.1';
  const defaultFile = join(resolve(dir), GENERATED_TOKENS_FILE);
  const file = flags.tokens ?? env.TFORGE_TOKENS_FILE ?? (existsSync(defaultFile) ? defaultFile : undefined);
  let tokens = loadTokens({ ...(file === undefined ? {} : { file }), env });
  let generatedTokensFile: string | null = null;
  if (Object.keys(tokens).length === 0 && isLoopback(bind)) {
    tokens = { feedback: generateToken(), metrics: generateToken(), admin: generateToken() };
    writeSecret(defaultFile, `${JSON.stringify(tokens, null, 2)}\n`);
    generatedTokensFile = defaultFile;
  }
  // Predict stays open on loopback unless a predict token was configured on purpose.
  const openPredict = flags.openPredict === true || (isLoopback(bind) && tokens.predict === undefined);
  assertSafeBind(bind, tokens, openPredict);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new ConfigError('tforge serve: --tls-cert and --tls-key go together; pass both PEM files.');
  const tls = flags.tlsCert !== undefined && flags.tlsKey !== undefined ? { cert: readFileSync(flags.tlsCert), key: readFileSync(flags.tlsKey) } : null;
  let userIdKey: string;
  if (flags.userIdKeyFile !== undefined) userIdKey = readSecretFile(flags.userIdKeyFile, '--user-id-key-file');
  else if (env.TFORGE_USER_ID_KEY) userIdKey = env.TFORGE_USER_ID_KEY;
  else {
    const keyFile = join(resolve(dir), GENERATED_USER_KEY_FILE);
    if (!existsSync(keyFile)) writeSecret(keyFile, `${generateToken()}\n`);
    userIdKey = readSecretFile(keyFile, 'user-id key');
  }
  return { tokens, openPredict, generatedTokensFile, tokensFile: generatedTokensFile ?? file ?? null, tls, userIdKey, scrub: parseScrub(flags.scrub) };
}
