import { ConfigError } from '../core/errors.js';
import { SqliteStore } from './sqlite-store.js';
import { PostgresStore } from './pg-store.js';
import type { Store } from './store.js';

/**
 * True when `db` names a PostgreSQL server rather than a SQLite file.
 * @example isPostgresUrl('postgres://u:p@127.0.0.1/db'); // true
 */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db);
}

/**
 * Opens the store `db` names: a `postgres://` URL (PostgreSQL) or a file path (SQLite, created when missing).
 * @example const store = await openStore('postgres://tforge:tforge@127.0.0.1:5432/tforge');
 */
export async function openStore(db: string, options: { schema?: string; key?: string } = {}): Promise<Store> {
  if (isPostgresUrl(db)) {
    if (options.key !== undefined) {
      throw new ConfigError('openStore: --db-key-file/TFORGE_DB_KEY encrypts SQLite files; for PostgreSQL use its own encryption (sslmode=verify-full in the URL, disk or column encryption, see docs/ARCHITECTURE.md).');
    }
    return PostgresStore.open(db, options.schema);
  }
  return new SqliteStore(db, options.key === undefined ? {} : { key: options.key });
}
