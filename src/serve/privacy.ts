import { createHmac } from 'node:crypto';
import { ConfigError } from '../core/errors.js';
import type { Store } from './store.js';

/** Kinds of identifier the comment scrubber knows. */
export type ScrubKind = 'email' | 'phone' | 'card' | 'ip' | 'iban';

/** Every scrubber, in the order they run (cards and IBANs before phones, which would match their digits). */
export const SCRUB_KINDS: readonly ScrubKind[] = ['email', 'iban', 'card', 'ip', 'phone'];

/** Patterns replaced by `[kind]`. Deliberately broad: a false positive costs a word of a comment, a miss leaks data. */
const PATTERNS: Record<ScrubKind, RegExp> = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  iban: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g,
  card: /\b\d(?:[ -]?\d){12,18}\b/g,
  ip: /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b/g,
  // International or national numbers of 7+ digits with the usual separators: +44 20 7946 0958, (555) 123-4567.
  phone: /(?:\+|\b00)?\(?\d[\d\s().-]{5,}\d\b/g,
};

/** Options of `Anonymizer`. */
export interface AnonymizerOptions {
  /** Secret for the keyed hash of user ids (HMAC-SHA256). Without it user ids are refused, not stored raw. */
  userIdKey?: string;
  /** Which identifiers to scrub from comments (default: all); `[]` keeps comments as sent. */
  scrub?: readonly ScrubKind[];
}

/**
 * Replaces user ids by keyed hashes and scrubs identifiers from free text before anything reaches the store. The
 * hash is keyed so that someone holding the database but not the key cannot test guesses ("is alice@x in here?").
 * @example new Anonymizer({ userIdKey: key }).comment('mail me at a@b.io') // 'mail me at [email]'
 */
export class Anonymizer {
  private readonly scrubKinds: readonly ScrubKind[];

  constructor(private readonly options: AnonymizerOptions = {}) {
    if (options.userIdKey !== undefined && options.userIdKey.length < 16) {
      throw new ConfigError(`Anonymizer: userIdKey must hold at least 16 characters, received ${options.userIdKey.length}; use e.g. 'openssl rand -hex 32'.`);
    }
    for (const k of options.scrub ?? []) {
      if (!SCRUB_KINDS.includes(k)) throw new ConfigError(`Anonymizer: unknown scrub kind '${String(k)}'; use any of ${SCRUB_KINDS.join(', ')}.`);
    }
    this.scrubKinds = SCRUB_KINDS.filter((k) => (options.scrub ?? SCRUB_KINDS).includes(k));
  }

  /** True when user ids can be hashed. */
  get hashesUsers(): boolean {
    return this.options.userIdKey !== undefined;
  }

  /** The stored form of a user id: `u_` and the first 128 bits of HMAC-SHA256(key, id) as hex. */
  userId(raw: string): string {
    if (this.options.userIdKey === undefined) {
      throw new ConfigError('Anonymizer: a user id was sent but no user-id key is configured; set TFORGE_USER_ID_KEY or --user-id-key-file.');
    }
    return `u_${createHmac('sha256', this.options.userIdKey).update(raw, 'utf8').digest('hex').slice(0, 32)}`;
  }

  /** `text` with every configured identifier replaced by `[kind]`. */
  comment(text: string): string {
    let out = text;
    for (const k of this.scrubKinds) out = out.replace(PATTERNS[k], `[${k}]`);
    return out;
  }
}

/** The ISO time `days` days before `now`: feedback older than it is past its retention period. */
export function retentionCutoff(days: number, now = new Date()): string {
  if (!(days > 0) || !Number.isFinite(days)) throw new ConfigError(`retention: the period must be a positive number of days, received ${days}.`);
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/**
 * Deletes feedback past its retention period and records the purge in the audit log (role 'system').
 * @example await purgeExpired(store, 90); // keeps the last 90 days
 */
export async function purgeExpired(store: Store, days: number, now = new Date()): Promise<number> {
  const cutoff = retentionCutoff(days, now);
  const n = await store.purgeFeedbackBefore(cutoff);
  await store.addAudit({ role: 'system', action: 'retention purge', target: `before ${cutoff}`, status: 0, result: `ok: ${n} deleted` });
  return n;
}
