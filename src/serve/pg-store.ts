import pg from 'pg';
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

/**
 * The PostgreSQL store, for several servers sharing one registry (`--db postgres://...`). `schema` isolates
 * tables (tests use a fresh schema each).
 * @example const store = await PostgresStore.open('postgres://tforge:tforge@127.0.0.1:5432/tforge');
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects, creates `schema` and the tables when missing. */
  static async open(url: string, schema = 'public'): Promise<PostgresStore> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`PostgresStore: schema must be a lower-case SQL identifier, received '${schema}'.`);
    const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
    const store = new PostgresStore(pool);
    const c = await pool.connect().catch(async (e: unknown) => {
      await pool.end();
      throw e;
    });
    try {
      // One transaction under an advisory lock: servers starting together would otherwise race on the DDL
      // (CREATE ... IF NOT EXISTS is not atomic against itself in PostgreSQL).
      await c.query('BEGIN');
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('tensorforge schema ' || $1))`, [schema]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      for (const sql of schemaSql('BIGSERIAL PRIMARY KEY')) await c.query(sql);
      await c.query('ALTER TABLE feedback ADD COLUMN IF NOT EXISTS user_id TEXT');
      await c.query(USER_INDEX_SQL);
      // Append-only in the database itself: UPDATE and DELETE on audit raise.
      await c.query(`CREATE OR REPLACE FUNCTION tforge_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$`);
      await c.query('DROP TRIGGER IF EXISTS audit_append_only ON audit');
      await c.query('CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION tforge_audit_append_only()');
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      c.release();
      await pool.end();
      throw e;
    }
    c.release();
    return store;
  }

  async addFeedback(f: FeedbackRecord): Promise<number> {
    validateFeedback(f);
    const r = await this.pool.query<{ id: string }>(
      `INSERT INTO feedback (model, version, request_id, user_id, input, input_shape, prediction, predicted_label, label, comment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [f.model, f.version, f.requestId ?? null, f.userId ?? null, JSON.stringify(f.input), JSON.stringify(f.inputShape), JSON.stringify(f.prediction),
        f.predictedLabel, f.label, f.comment ?? null, f.createdAt ?? new Date().toISOString()],
    );
    return Number(r.rows[0]?.id);
  }

  async listFeedback(model: string, options: { limit?: number; afterId?: number } = {}): Promise<FeedbackRecord[]> {
    const r = await this.pool.query<FeedbackRow>('SELECT * FROM feedback WHERE model = $1 AND id > $2 ORDER BY id LIMIT $3', [
      model,
      options.afterId ?? 0,
      options.limit ?? null,
    ]);
    return r.rows.map(feedbackFromRow);
  }

  async countFeedback(model: string): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM feedback WHERE model = $1', [model]);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** Runs `fn` in a transaction that holds an exclusive lock on the versions table. */
  private async locked<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('LOCK TABLE versions IN SHARE ROW EXCLUSIVE MODE');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
  }

  async addVersion(v: NewVersion): Promise<VersionRecord> {
    return this.locked(async (c) => {
      const r = await c.query<VersionRow>(
        `INSERT INTO versions (model, version, path, metrics, status, created_at, note)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM versions WHERE model = $1 RETURNING *`,
        [v.model, v.path, v.metrics ? JSON.stringify(v.metrics) : null, v.status, new Date().toISOString(), v.note ?? null],
      );
      return versionFromRow(r.rows[0] as VersionRow);
    });
  }

  async listVersions(model: string): Promise<VersionRecord[]> {
    const r = await this.pool.query<VersionRow>('SELECT * FROM versions WHERE model = $1 ORDER BY version', [model]);
    return r.rows.map(versionFromRow);
  }

  async getVersion(model: string, version: number): Promise<VersionRecord | null> {
    const r = await this.pool.query<VersionRow>('SELECT * FROM versions WHERE model = $1 AND version = $2', [model, version]);
    return r.rows[0] ? versionFromRow(r.rows[0]) : null;
  }

  async servingVersion(model: string): Promise<VersionRecord | null> {
    const r = await this.pool.query<VersionRow>(
      `SELECT * FROM versions WHERE model = $1 AND status = 'serving' ORDER BY version DESC LIMIT 1`,
      [model],
    );
    return r.rows[0] ? versionFromRow(r.rows[0]) : null;
  }

  async promote(model: string, version: number): Promise<void> {
    await this.locked(async (c) => {
      await c.query(`UPDATE versions SET status = 'archived' WHERE model = $1 AND status = 'serving'`, [model]);
      await c.query(`UPDATE versions SET status = 'serving' WHERE model = $1 AND version = $2`, [model, version]);
    });
  }

  async setStatus(model: string, version: number, status: VersionStatus, note?: string): Promise<void> {
    await this.pool.query('UPDATE versions SET status = $1, note = COALESCE($2, note) WHERE model = $3 AND version = $4', [
      status,
      note ?? null,
      model,
      version,
    ]);
  }

  async feedbackOfUser(userId: string): Promise<FeedbackRecord[]> {
    const r = await this.pool.query<FeedbackRow>('SELECT * FROM feedback WHERE user_id = $1 ORDER BY id', [userId]);
    return r.rows.map(feedbackFromRow);
  }

  async deleteUserFeedback(userId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM feedback WHERE user_id = $1', [userId])).rowCount ?? 0;
  }

  async purgeFeedbackBefore(cutoff: string): Promise<number> {
    return (await this.pool.query('DELETE FROM feedback WHERE created_at < $1', [cutoff])).rowCount ?? 0;
  }

  async addAudit(a: AuditRecord): Promise<number> {
    validateAudit(a);
    const r = await this.pool.query<{ id: string }>(
      'INSERT INTO audit (at, role, action, target, status, result) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [a.at ?? new Date().toISOString(), a.role, a.action, a.target ?? null, a.status, a.result],
    );
    return Number(r.rows[0]?.id);
  }

  async listAudit(options: { limit?: number } = {}): Promise<AuditRecord[]> {
    const r = await this.pool.query<AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT $1', [options.limit ?? null]);
    return r.rows.map(auditFromRow);
  }

  /** Runs raw SQL (tests and migrations; the audit trigger still applies). */
  async rawQuery(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  /** Drops `schema` and everything in it (tests). */
  async dropSchema(schema: string): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`PostgresStore.dropSchema: schema must be a lower-case SQL identifier, received '${schema}'.`);
    await this.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
