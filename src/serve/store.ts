import { ValueError } from '../core/errors.js';
import type { ModelMetrics } from './model-dir.js';

/** One piece of user feedback: the input, what the model said, and the label the user says is right. */
export interface FeedbackRecord {
  id?: number;
  model: string;
  version: number;
  requestId?: string | null;
  /** Who sent it, as a keyed hash (see `Anonymizer`), never the raw id; null when the client named no user. */
  userId?: string | null;
  /** The example, flattened row-major. */
  input: number[];
  /** The example's shape without the batch dimension. */
  inputShape: number[];
  /** The model's output for the example (class probabilities). */
  prediction: number[];
  predictedLabel: number;
  label: number;
  comment?: string | null;
  createdAt?: string;
}

/** Lifecycle of a model version in the registry. */
export type VersionStatus = 'serving' | 'candidate' | 'archived' | 'rejected';

/** A model version in the registry. */
export interface VersionRecord {
  model: string;
  version: number;
  /** Model directory, relative to the registry root. */
  path: string;
  metrics: ModelMetrics | null;
  status: VersionStatus;
  createdAt: string;
  note?: string | null;
}

/** One entry of the append-only audit log: who (role) did what to which target, when, and how it ended. */
export interface AuditRecord {
  id?: number;
  /** ISO time; the store sets it when omitted. */
  at?: string;
  /** The role whose token authorised the call: 'admin', 'feedback', ..., 'anonymous' (no or bad token) or 'system'. */
  role: string;
  /** What was attempted, e.g. 'POST /v1/models/*' or 'retention purge'. */
  action: string;
  /** What it touched: a model, version or hashed user id; null when none. */
  target?: string | null;
  /** HTTP status (or 0 for internal jobs). */
  status: number;
  /** 'ok', 'denied' or 'error', plus a short reason where one helps. */
  result: string;
}

/** A version to register; the store assigns the next version number. */
export type NewVersion = Omit<VersionRecord, 'version' | 'createdAt'>;

/**
 * Durable storage for feedback and the model registry; `SqliteStore` and `PostgresStore` implement it and run the
 * same test suite.
 * @example const store = await openStore('models/mnist/tforge.db'); await store.addFeedback(record);
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Saves feedback and returns its id. */
  addFeedback(f: FeedbackRecord): Promise<number>;
  /** Feedback for `model`, oldest first. */
  listFeedback(model: string, options?: { limit?: number; afterId?: number }): Promise<FeedbackRecord[]>;
  countFeedback(model: string): Promise<number>;
  /** Registers a version with the next free number for its model. */
  addVersion(v: NewVersion): Promise<VersionRecord>;
  listVersions(model: string): Promise<VersionRecord[]>;
  getVersion(model: string, version: number): Promise<VersionRecord | null>;
  /** The version marked 'serving', or null. */
  servingVersion(model: string): Promise<VersionRecord | null>;
  /** Marks `version` serving and the previous serving version archived, in one transaction. */
  promote(model: string, version: number): Promise<void>;
  setStatus(model: string, version: number, status: VersionStatus, note?: string): Promise<void>;
  /** Every feedback record of the (hashed) user, oldest first: the export half of a subject-access request. */
  feedbackOfUser(userId: string): Promise<FeedbackRecord[]>;
  /** Deletes every feedback record of the (hashed) user (right to erasure) and returns how many went. */
  deleteUserFeedback(userId: string): Promise<number>;
  /** Deletes feedback created before `cutoff` (an ISO time): the retention period. Returns how many went. */
  purgeFeedbackBefore(cutoff: string): Promise<number>;
  /** Appends to the audit log; the table refuses UPDATE and DELETE. */
  addAudit(a: AuditRecord): Promise<number>;
  /** The newest audit entries first. */
  listAudit(options?: { limit?: number }): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/** Checks a feedback record before it is stored; throws a ValueError naming the bad field. */
export function validateFeedback(f: FeedbackRecord): void {
  const size = f.inputShape.reduce((a, d) => a * d, 1);
  if (f.input.length !== size) throw new ValueError(`feedback: input holds ${f.input.length} values but inputShape ${JSON.stringify(f.inputShape)} needs ${size}.`);
  if (!Number.isInteger(f.label) || f.label < 0) throw new ValueError(`feedback: label must be a non-negative integer class id, received ${f.label}.`);
  if (!Number.isInteger(f.version) || f.version < 1) throw new ValueError(`feedback: version must be a positive integer, received ${f.version}.`);
}

/** Row shape shared by both SQL stores. */
export interface FeedbackRow {
  id: number | string;
  model: string;
  version: number;
  request_id: string | null;
  user_id: string | null;
  input: string;
  input_shape: string;
  prediction: string;
  predicted_label: number;
  label: number;
  comment: string | null;
  created_at: string;
}

/** Row shape shared by both SQL stores. */
export interface VersionRow {
  model: string;
  version: number;
  path: string;
  metrics: string | null;
  status: string;
  created_at: string;
  note: string | null;
}

/** Converts a SQL row to a `FeedbackRecord`. */
export function feedbackFromRow(r: FeedbackRow): FeedbackRecord {
  return {
    id: Number(r.id),
    model: r.model,
    version: Number(r.version),
    requestId: r.request_id,
    userId: r.user_id ?? null,
    input: JSON.parse(r.input) as number[],
    inputShape: JSON.parse(r.input_shape) as number[],
    prediction: JSON.parse(r.prediction) as number[],
    predictedLabel: Number(r.predicted_label),
    label: Number(r.label),
    comment: r.comment,
    createdAt: String(r.created_at),
  };
}

/** Converts a SQL row to a `VersionRecord`. */
export function versionFromRow(r: VersionRow): VersionRecord {
  return {
    model: r.model,
    version: Number(r.version),
    path: r.path,
    metrics: r.metrics ? (JSON.parse(r.metrics) as ModelMetrics) : null,
    status: r.status as VersionStatus,
    createdAt: String(r.created_at),
    note: r.note,
  };
}

/** Row shape shared by both SQL stores. */
export interface AuditRow {
  id: number | string;
  at: string;
  role: string;
  action: string;
  target: string | null;
  status: number;
  result: string;
}

/** Converts a SQL row to an `AuditRecord`. */
export function auditFromRow(r: AuditRow): AuditRecord {
  return { id: Number(r.id), at: String(r.at), role: r.role, action: r.action, target: r.target, status: Number(r.status), result: r.result };
}

/** The DDL both stores run (portable SQL: TEXT, INTEGER, BIGINT). Stores older than `user_id` get it by `migrateSql`. */
export function schemaSql(idColumn: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS feedback (id ${idColumn}, model TEXT NOT NULL, version INTEGER NOT NULL, request_id TEXT,
      input TEXT NOT NULL, input_shape TEXT NOT NULL, prediction TEXT NOT NULL, predicted_label INTEGER NOT NULL,
      label INTEGER NOT NULL, comment TEXT, created_at TEXT NOT NULL, user_id TEXT)`,
    `CREATE INDEX IF NOT EXISTS feedback_model ON feedback (model, id)`,
    `CREATE TABLE IF NOT EXISTS audit (id ${idColumn}, at TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
      status INTEGER NOT NULL, result TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS versions (model TEXT NOT NULL, version INTEGER NOT NULL, path TEXT NOT NULL, metrics TEXT,
      status TEXT NOT NULL, created_at TEXT NOT NULL, note TEXT, PRIMARY KEY (model, version))`,
  ];
}

/** Created after `user_id` exists (old stores gain the column first). */
export const USER_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS feedback_user ON feedback (user_id)';

/** Checks an audit record before it is stored. */
export function validateAudit(a: AuditRecord): void {
  if (!a.role || !a.action || !a.result || !Number.isInteger(a.status)) {
    throw new ValueError(`audit: role, action, result and an integer status are required, received ${JSON.stringify(a)}.`);
  }
}
