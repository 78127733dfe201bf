import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError } from '../core/errors.js';
import { RequestError } from './codec.js';

/**
 * Who may call what. `predict` reads the model; `feedback` writes user feedback; `metrics` reads Prometheus metrics
 * and the audit log; `admin` retrains, promotes, rolls back, reloads, deletes and exports user data, and may do
 * everything the others may.
 */
export type Role = 'predict' | 'feedback' | 'metrics' | 'admin';

/** Every role, in the order help texts list them. */
export const ROLES: readonly Role[] = ['predict', 'feedback', 'metrics', 'admin'];

/** Bearer tokens by role; a role without a token refuses every call, except `predict` when `openPredict` is set. */
export type Tokens = Partial<Record<Role, string>>;

/** Environment variables that hold tokens, e.g. TFORGE_ADMIN_TOKEN. */
export const TOKEN_ENV: Record<Role, string> = {
  predict: 'TFORGE_PREDICT_TOKEN',
  feedback: 'TFORGE_FEEDBACK_TOKEN',
  metrics: 'TFORGE_METRICS_TOKEN',
  admin: 'TFORGE_ADMIN_TOKEN',
};

/** Shortest token accepted: 128 bits as hex. Shorter ones are guessable over the network. */
export const MIN_TOKEN_LENGTH = 32;

/** A fresh random token (256 bits, hex). */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Checks a token set: known roles, long enough, no two roles sharing one token. */
export function validateTokens(tokens: Record<string, unknown>, where: string): Tokens {
  const out: Tokens = {};
  const seen = new Map<string, string>();
  for (const [role, token] of Object.entries(tokens)) {
    if (!(ROLES as readonly string[]).includes(role)) throw new ConfigError(`${where}: unknown role '${role}'; roles are ${ROLES.join(', ')}.`);
    if (token === undefined || token === '') continue;
    if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ConfigError(`${where}: the ${role} token must be a string of at least ${MIN_TOKEN_LENGTH} non-space characters; generate one with 'openssl rand -hex 32'.`);
    }
    const other = seen.get(token);
    if (other) throw new ConfigError(`${where}: roles '${other}' and '${role}' share one token; give each role its own.`);
    seen.set(token, role);
    out[role as Role] = token;
  }
  return out;
}

/**
 * Reads tokens from a JSON file (`{"admin": "...", "feedback": "..."}`) and from TFORGE_<ROLE>_TOKEN variables; the
 * environment wins per role.
 * @example const tokens = loadTokens({ file: 'secrets/tokens.json', env: process.env });
 */
export function loadTokens(options: { file?: string; env?: NodeJS.ProcessEnv }): Tokens {
  let fromFile: Record<string, unknown> = {};
  if (options.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (e) {
      throw new ConfigError(`tokens: cannot read ${options.file}: ${(e as Error).message}.`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      fromFile = parsed as Record<string, unknown>;
    } catch {
      throw new ConfigError(`tokens: ${options.file} must hold a JSON object of role -> token, e.g. {"admin": "<64 hex digits>"}.`);
    }
  }
  const fromEnv: Record<string, string> = {};
  for (const role of ROLES) {
    const v = options.env?.[TOKEN_ENV[role]];
    if (v !== undefined && v !== '') fromEnv[role] = v;
  }
  return validateTokens({ ...fromFile, ...fromEnv }, options.file ?? 'tokens');
}

/** True for 127.0.0.0/8, ::1, IPv4-mapped loopback and 'localhost'. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Compares in time that depends only on the lengths of the SHA-256 digests (always 32 bytes), not on the secret. */
function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** How the server checks requests. */
export interface AccessPolicy {
  tokens: Tokens;
  /** Lets `predict` through without a token (loopback servers, or a gateway that authenticates in front). */
  openPredict: boolean;
  /** Extra tokens with a role, e.g. the web page's per-process session token (feedback only). */
  sessions?: Map<string, Role>;
}

/** The role a request was granted, or why it was refused. */
export type AccessResult = { ok: true; role: Role | 'anonymous' } | { ok: false; status: 401 | 403; role: Role | 'anonymous'; message: string };

/** The bearer token of an Authorization header, or null. */
function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/**
 * Decides whether a request with `authorization` may use a route that needs `role`. Admin tokens pass every route.
 * @example check(policy, 'feedback', 'Bearer 4f…', 'POST /v1/models/*') // { ok: true, role: 'feedback' }
 */
export function check(policy: AccessPolicy, role: Role, authorization: string | undefined, what: string): AccessResult {
  const token = bearer(authorization);
  if (token === null) {
    if (role === 'predict' && policy.openPredict) return { ok: true, role: 'anonymous' };
    const configured = policy.tokens[role] !== undefined || policy.tokens.admin !== undefined;
    const how = configured
      ? `send 'Authorization: Bearer <token>' with the ${role} (or admin) token`
      : `no ${role} token is configured: set ${TOKEN_ENV[role]} or put "${role}" in the --tokens file, then send 'Authorization: Bearer <token>'`;
    return { ok: false, status: 401, role: 'anonymous', message: `${what}: needs the '${role}' role; ${how}.` };
  }
  let granted: Role | null = null;
  // Check every configured token (no early exit) so the time taken does not say which role matched.
  for (const r of ROLES) {
    const t = policy.tokens[r];
    if (t !== undefined && sameToken(token, t)) granted = r;
  }
  if (granted === null && policy.sessions) {
    for (const [t, r] of policy.sessions) if (sameToken(token, t)) granted = r;
  }
  if (granted === null) return { ok: false, status: 401, role: 'anonymous', message: `${what}: the bearer token matches no role; check the token for '${role}'.` };
  if (granted === role || granted === 'admin') return { ok: true, role: granted };
  return { ok: false, status: 403, role: granted, message: `${what}: needs the '${role}' role; the token sent is the ${granted} token.` };
}

/** Throws a RequestError(401/403) unless `check` passes; returns the granted role. */
export function requireRole(policy: AccessPolicy, role: Role, authorization: string | undefined, what: string): Role | 'anonymous' {
  const r = check(policy, role, authorization, what);
  if (!r.ok) throw new RequestError(r.message, r.status);
  return r.role;
}

/**
 * Refuses a server that would listen beyond loopback with roles nobody can authenticate, and says how to fix it.
 * @example assertSafeBind('0.0.0.0', { admin: t1, feedback: t2, metrics: t3, predict: t4 }, false);
 */
export function assertSafeBind(bind: string, tokens: Tokens, openPredict: boolean): void {
  if (isLoopback(bind)) return;
  const needed = ROLES.filter((r) => tokens[r] === undefined && !(r === 'predict' && openPredict));
  if (needed.length === 0) return;
  throw new ConfigError(
    `tforge serve: refusing to listen on ${bind} (beyond loopback) without tokens for ${needed.join(', ')}. ` +
      `Set ${needed.map((r) => TOKEN_ENV[r]).join(', ')} or pass --tokens <file> holding {"${needed[0]}": "<token>", ...} ` +
      `(make tokens with 'openssl rand -hex 32')${needed.includes('predict') ? '; pass --open-predict to leave predict open deliberately' : ''}, ` +
      'and serve TLS with --tls-cert/--tls-key so tokens do not cross the network in clear.',
  );
}
