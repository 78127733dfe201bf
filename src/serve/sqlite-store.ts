import Database from 'better-sqlite3';
import {
  type FeedbackRecord,
  type FeedbackRow,
  type NewVersion,
  type Store,
  type VersionRecord,
  type VersionRow,
  type VersionStatus,
  feedbackFromRow,
  schemaSql,
  validateFeedback,
  versionFromRow,
} from './store.js';

/**
 * The embedded default store: one SQLite file in WAL mode (readers never block the writer), zero set-up.
 * @example const store = new SqliteStore('models/mnist/tforge.db');
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a feedback record that was acknowledged survives a power cut, not just a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    for (const sql of schemaSql('INTEGER PRIMARY KEY AUTOINCREMENT')) this.db.exec(sql);
  }

  async addFeedback(f: FeedbackRecord): Promise<number> {
    validateFeedback(f);
    const r = this.db
      .prepare(
        `INSERT INTO feedback (model, version, request_id, input, input_shape, prediction, predicted_label, label, comment, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f.model, f.version, f.requestId ?? null, JSON.stringify(f.input), JSON.stringify(f.inputShape), JSON.stringify(f.prediction),
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

  async close(): Promise<void> {
    this.db.close();
  }
}
