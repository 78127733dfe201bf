import { existsSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { ConfigError } from '../core/errors.js';
import {
  type AuditRecord,
  type AuditRow,
  type FeedbackRecord,
  type FeedbackRow,
  type NewVersion,
  type Store,
  type VersionRecord,
  type VersionRow,
  type VersionStatus,
  USER_INDEX_SQL,
  auditFromRow,
  feedbackFromRow,
  schemaSql,
  validateAudit,
  validateFeedback,
  versionFromRow,
} from './store.js';

/** Options of `SqliteStore`. */
export interface SqliteStoreOptions {
  /**
   * Passphrase for encryption at rest (SQLite3 Multiple Ciphers, ChaCha20-Poly1305: every page is encrypted and
   * authenticated). A new file is created encrypted; an existing one must have been written with the same key.
   */
  key?: string;
}

/** True when `e` is SQLite's "file is not a database": what a missing, wrong or unexpected key looks like. */
function isNotADatabase(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_NOTADB';
}

/**
 * The embedded default store: one SQLite file in WAL mode (readers never block the writer), zero set-up.
 * @example const store = new SqliteStore('models/mnist/tforge.db');
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    const existed = path !== ':memory:' && existsSync(path);
    this.db = new Database(path);
    if (options.key !== undefined) {
      if (options.key.length < 8) throw new ConfigError(`SqliteStore: the encryption key must hold at least 8 characters, received ${options.key.length}; use e.g. 'openssl rand -hex 32'.`);
      this.db.pragma("cipher = 'chacha20'");
      this.db.key(Buffer.from(options.key, 'utf8'));
    }
    try {
      // The first read is where a wrong key shows; never fall through to creating tables in an unreadable file.
      this.db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch (e) {
      this.db.close();
      if (!isNotADatabase(e)) throw e;
      const why = options.key === undefined
        ? 'it is encrypted (or not a SQLite file); pass its key with --db-key-file <file> or TFORGE_DB_KEY'
        : existed ? 'the key is wrong, or the file was written without encryption (encrypt it first with PRAGMA rekey)' : 'the key could not be applied';
      throw new ConfigError(`SqliteStore: cannot read ${path}: ${why}.`);
    }
    this.db.pragma('journal_mode = WAL');
    // FULL: a feedback record that was acknowledged survives a power cut, not just a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    for (const sql of schemaSql('INTEGER PRIMARY KEY AUTOINCREMENT')) this.db.exec(sql);
    const columns = this.db.prepare('PRAGMA table_info(feedback)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'user_id')) this.db.exec('ALTER TABLE feedback ADD COLUMN user_id TEXT');
    this.db.exec(USER_INDEX_SQL);
    // Append-only: the database itself refuses to rewrite history, not just this class.
    this.db.exec(`CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`);
    this.db.exec(`CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`);
  }

  async addFeedback(f: FeedbackRecord): Promise<number> {
    validateFeedback(f);
    const r = this.db
      .prepare(
        `INSERT INTO feedback (model, version, request_id, user_id, input, input_shape, prediction, predicted_label, label, comment, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.model, f.version, f.requestId ?? null, f.userId ?? null, JSON.stringify(f.input), JSON.stringify(f.inputShape), JSON.stringify(f.prediction),
        f.predictedLabel, f.label, f.comment ?? null, f.createdAt ?? new Date().toISOString());
    return Number(r.lastInsertRowid);
  }

  async listFeedback(model: string, options: { limit?: number; afterId?: number } = {}): Promise<FeedbackRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM feedback WHERE model = ? AND id > ? ORDER BY id LIMIT ?')
      .all(model, options.afterId ?? 0, options.limit ?? -1) as FeedbackRow[];
    return rows.map(feedbackFromRow);
  }

  async countFeedback(model: string): Promise<number> {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM feedback WHERE model = ?').get(model) as { n: number };
    return r.n;
  }

  async addVersion(v: NewVersion): Promise<VersionRecord> {
    const insert = this.db.transaction((): number => {
      const r = this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS next FROM versions WHERE model = ?').get(v.model) as { next: number };
      this.db
        .prepare('INSERT INTO versions (model, version, path, metrics, status, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(v.model, r.next, v.path, v.metrics ? JSON.stringify(v.metrics) : null, v.status, new Date().toISOString(), v.note ?? null);
      return r.next;
    });
    const version = insert.immediate();
    return (await this.getVersion(v.model, version)) as VersionRecord;
  }

  async listVersions(model: string): Promise<VersionRecord[]> {
    return (this.db.prepare('SELECT * FROM versions WHERE model = ? ORDER BY version').all(model) as VersionRow[]).map(versionFromRow);
  }

  async getVersion(model: string, version: number): Promise<VersionRecord | null> {
    const r = this.db.prepare('SELECT * FROM versions WHERE model = ? AND version = ?').get(model, version) as VersionRow | undefined;
    return r ? versionFromRow(r) : null;
  }

  async servingVersion(model: string): Promise<VersionRecord | null> {
    const r = this.db.prepare(`SELECT * FROM versions WHERE model = ? AND status = 'serving' ORDER BY version DESC LIMIT 1`).get(model) as
      | VersionRow
      | undefined;
    return r ? versionFromRow(r) : null;
  }

  async promote(model: string, version: number): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare(`UPDATE versions SET status = 'archived' WHERE model = ? AND status = 'serving'`).run(model);
        this.db.prepare(`UPDATE versions SET status = 'serving' WHERE model = ? AND version = ?`).run(model, version);
      })
      .immediate();
  }

  async setStatus(model: string, version: number, status: VersionStatus, note?: string): Promise<void> {
    this.db.prepare('UPDATE versions SET status = ?, note = COALESCE(?, note) WHERE model = ? AND version = ?').run(status, note ?? null, model, version);
  }

  async feedbackOfUser(userId: string): Promise<FeedbackRecord[]> {
    return (this.db.prepare('SELECT * FROM feedback WHERE user_id = ? ORDER BY id').all(userId) as FeedbackRow[]).map(feedbackFromRow);
  }

  async deleteUserFeedback(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM feedback WHERE user_id = ?').run(userId).changes;
  }

  async purgeFeedbackBefore(cutoff: string): Promise<number> {
    return this.db.prepare('DELETE FROM feedback WHERE created_at < ?').run(cutoff).changes;
  }

  async addAudit(a: AuditRecord): Promise<number> {
    validateAudit(a);
    const r = this.db
      .prepare('INSERT INTO audit (at, role, action, target, status, result) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.at ?? new Date().toISOString(), a.role, a.action, a.target ?? null, a.status, a.result);
    return Number(r.lastInsertRowid);
  }

  async listAudit(options: { limit?: number } = {}): Promise<AuditRecord[]> {
    return (this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(options.limit ?? -1) as AuditRow[]).map(auditFromRow);
  }

  /** Runs raw SQL (tests and migrations; the audit triggers still apply). */
  rawExec(sql: string): void {
    this.db.exec(sql);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
