import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import PlainDatabase from 'better-sqlite3';
import pg from 'pg';
import { identityModel, identityModelDir, tempDir } from '../../test/e2e/helpers.js';
import { Registry } from './registry.js';
import { ModelHost } from './model-host.js';
import { PostgresStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { FeedbackRecord, Store } from './store.js';
import { openStore } from './open-store.js';

/** Where the Postgres leg connects: TENSORFORGE_TEST_PG_URL or the server `.ci/setup-services` starts. */
const PG_URL = process.env.TENSORFORGE_TEST_PG_URL ?? 'postgres://tforge:tforge@127.0.0.1:5432/tforge';

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const hasPg = await pgReachable();
if (!hasPg) console.warn(`store.test: SKIPPING the PostgreSQL leg: no server at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (set TENSORFORGE_TEST_PG_URL or run .ci/setup-services).`);

const schema = `tforge_test_${process.pid}_${Date.now() % 1e6}`;
const legs: { name: string; skip: boolean; open: () => Promise<Store> }[] = [
  { name: 'sqlite', skip: false, open: async () => new SqliteStore(join(tempDir(), 'store.db')) },
  { name: 'postgres', skip: !hasPg, open: () => PostgresStore.open(PG_URL, schema) },
];

function fb(label: number, extra: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return { model: 'm', version: 1, input: [0.5, 1, 0, 0.25], inputShape: [2, 2], prediction: [0.7, 0.2, 0.1], predictedLabel: 0, label, ...extra };
}

for (const leg of legs) {
  describe.skipIf(leg.skip)(`Store (${leg.name})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await leg.open();
    });
    afterAll(async () => {
      if (store instanceof PostgresStore) await store.dropSchema(schema);
      await store?.close();
    });

    it('stores and lists feedback in order, per model, with exact values', async () => {
      const a = await store.addFeedback(fb(2, { requestId: 'req-1', comment: 'a two' }));
      const b = await store.addFeedback(fb(1));
      await store.addFeedback(fb(0, { model: 'other' }));
      expect(b).toBeGreaterThan(a);
      const list = await store.listFeedback('m');
      expect(list.map((f) => f.label)).toEqual([2, 1]);
      expect(list[0]).toMatchObject({ id: a, model: 'm', version: 1, requestId: 'req-1', input: [0.5, 1, 0, 0.25], inputShape: [2, 2], prediction: [0.7, 0.2, 0.1], predictedLabel: 0, label: 2, comment: 'a two' });
      expect(await store.countFeedback('m')).toBe(2);
      expect(await store.countFeedback('other')).toBe(1);
      expect((await store.listFeedback('m', { afterId: a })).map((f) => f.id)).toEqual([b]);
      expect(await store.listFeedback('m', { limit: 1 })).toHaveLength(1);
    });

    it('rejects malformed feedback with a message naming the field', async () => {
      await expect(store.addFeedback(fb(1, { input: [1, 2, 3] }))).rejects.toThrow(/input holds 3 values but inputShape \[2,2\] needs 4/);
      await expect(store.addFeedback(fb(-1))).rejects.toThrow(/label must be a non-negative integer/);
    });

    it('numbers versions per model, promotes exactly one and rolls back', async () => {
      const v1 = await store.addVersion({ model: 'm', path: '.', metrics: { accuracy: 0.9 }, status: 'serving' });
      const v2 = await store.addVersion({ model: 'm', path: 'versions/a', metrics: { accuracy: 0.92, confusion: [[1, 0], [0, 1]] }, status: 'candidate', note: 'n' });
      const o1 = await store.addVersion({ model: 'other', path: '.', metrics: null, status: 'serving' });
      expect([v1.version, v2.version, o1.version]).toEqual([1, 2, 1]);
      expect(v2).toMatchObject({ model: 'm', path: 'versions/a', metrics: { accuracy: 0.92, confusion: [[1, 0], [0, 1]] }, status: 'candidate', note: 'n' });
      expect((await store.servingVersion('m'))?.version).toBe(1);
      await store.promote('m', 2);
      expect((await store.servingVersion('m'))?.version).toBe(2);
      expect((await store.getVersion('m', 1))?.status).toBe('archived');
      expect((await store.listVersions('m')).filter((v) => v.status === 'serving')).toHaveLength(1);
      await store.setStatus('m', 1, 'rejected', 'worse');
      expect(await store.getVersion('m', 1)).toMatchObject({ status: 'rejected', note: 'worse' });
      expect(await store.getVersion('m', 9)).toBeNull();
      expect((await store.servingVersion('other'))?.version).toBe(1);
    });

    it('backs a registry and a model host that swaps to the promoted version and rolls back', async () => {
      const root = await identityModelDir('reg');
      const reg = await Registry.open(root, store);
      expect(await reg.serving()).toMatchObject({ version: 1, path: '.', status: 'serving', metrics: { accuracy: 0.75 } });
      const host = await ModelHost.start(reg);
      const dir = await reg.newVersionDir();
      await identityModel().save(dir);
      const v2 = await reg.register(dir, { accuracy: 0.8 }, 'better');
      expect(await host.refresh()).toBe(false);
      await reg.promote(v2.version);
      expect(await host.refresh()).toBe(true);
      expect(host.current.version).toBe(2);
      expect(await reg.rollback()).toBe(1);
      expect(await host.refresh()).toBe(true);
      expect(host.current.version).toBe(1);
      await expect(reg.promote(9)).rejects.toThrow(/has no version 9/);
      const again = await Registry.open(root, store);
      expect((await again.versions()).map((v) => v.status)).toEqual(['serving', 'archived']);
    });

    it("exports and deletes one user's feedback, and purges feedback past retention", async () => {
      await store.addFeedback(fb(1, { model: 'u', userId: 'u_alice' }));
      await store.addFeedback(fb(2, { model: 'u', userId: 'u_alice', createdAt: '2020-01-01T00:00:00.000Z' }));
      await store.addFeedback(fb(0, { model: 'u', userId: 'u_bob' }));
      expect((await store.feedbackOfUser('u_alice')).map((f) => f.label)).toEqual([1, 2]);
      expect((await store.feedbackOfUser('u_alice'))[0]?.userId).toBe('u_alice');
      expect(await store.deleteUserFeedback('u_alice')).toBe(2);
      expect(await store.feedbackOfUser('u_alice')).toEqual([]);
      expect((await store.listFeedback('u')).map((f) => f.userId)).toEqual(['u_bob']);
      await store.addFeedback(fb(2, { model: 'u', createdAt: '2020-01-01T00:00:00.000Z' }));
      expect(await store.purgeFeedbackBefore('2021-01-01T00:00:00.000Z')).toBe(1);
      expect(await store.countFeedback('u')).toBe(1);
    });

    it('keeps an append-only audit log, newest first', async () => {
      await store.addAudit({ role: 'admin', action: 'POST /admin/models/:model/promote', target: 'm/v2', status: 200, result: 'ok' });
      await store.addAudit({ role: 'anonymous', action: 'feedback', target: 'm', status: 401, result: 'denied' });
      const [last, first] = await store.listAudit({ limit: 2 });
      expect(last).toMatchObject({ role: 'anonymous', action: 'feedback', status: 401, result: 'denied' });
      expect(first).toMatchObject({ role: 'admin', target: 'm/v2', status: 200, result: 'ok' });
      await expect(store.addAudit({ role: '', action: 'x', status: 200, result: 'ok' })).rejects.toThrow(/role, action, result/);
      const sql = async (q: string) => (store instanceof SqliteStore ? store.rawExec(q) : (store as PostgresStore).rawQuery(q));
      await expect(sql(`UPDATE audit SET result = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(sql('DELETE FROM audit')).rejects.toThrow(/append-only/);
      expect(await store.listAudit()).toHaveLength(2);
    });

    it('assigns distinct version numbers to concurrent registrations', async () => {
      const vs = await Promise.all(Array.from({ length: 6 }, (_, i) => store.addVersion({ model: 'race', path: `v${i}`, metrics: null, status: 'candidate' })));
      expect(vs.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });
}

describe.skipIf(!hasPg)('PostgresStore schema set-up', () => {
  it('lets several servers open a fresh schema at once (DDL under an advisory lock)', async () => {
    const fresh = `${schema}_race`;
    const stores = await Promise.all([0, 1, 2].map(() => PostgresStore.open(PG_URL, fresh)));
    await (stores[0] as PostgresStore).addAudit({ role: 'admin', action: 'x', status: 200, result: 'ok' });
    await expect((stores[1] as PostgresStore).rawQuery('DELETE FROM audit')).rejects.toThrow(/append-only/);
    await (stores[0] as PostgresStore).dropSchema(fresh);
    for (const st of stores) await st.close();
  });
});

describe('encrypted SQLite store', () => {
  it('cannot be read without its key, or with a wrong one, and never opens as an empty store', async () => {
    const path = join(tempDir(), 'secret.db');
    const store = new SqliteStore(path, { key: 'correct horse battery staple' });
    await store.addFeedback(fb(1, { comment: 'PLAINTEXT-MARKER-4711' }));
    await store.close();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from('PLAINTEXT-MARKER-4711'))).toBe(false);
    // Plain SQLite (the better-sqlite3 every tool uses) cannot read it.
    const plain = new PlainDatabase(path);
    expect(() => plain.prepare('SELECT * FROM feedback').all()).toThrow(/file is not a database/);
    plain.close();
    expect(() => new SqliteStore(path)).toThrow(/cannot read .*secret\.db: it is encrypted .*--db-key-file <file> or TFORGE_DB_KEY/);
    expect(() => new SqliteStore(path, { key: 'wrong horse battery staple' })).toThrow(/cannot read .*: the key is wrong/);
    const again = new SqliteStore(path, { key: 'correct horse battery staple' });
    expect((await again.listFeedback('m'))[0]?.comment).toBe('PLAINTEXT-MARKER-4711');
    await again.close();
  });

  it('refuses to apply a key to an unencrypted file and rejects short keys', async () => {
    const path = join(tempDir(), 'plain.db');
    await new SqliteStore(path).close();
    expect(() => new SqliteStore(path, { key: 'some key here' })).toThrow(/the key is wrong, or the file was written without encryption/);
    expect(() => new SqliteStore(join(tempDir(), 'x.db'), { key: 'short' })).toThrow(/at least 8 characters/);
    await expect(openStore('postgres://u:p@127.0.0.1:1/x', { key: 'some key here' })).rejects.toThrow(/encrypts SQLite files; for PostgreSQL/);
  });
});

describe('openStore', () => {
  it('picks SQLite for paths and PostgreSQL for postgres:// URLs', async () => {
    const s = await openStore(join(tempDir(), 'x.db'));
    expect(s.kind).toBe('sqlite');
    await s.close();
    await expect(openStore('postgres://nobody:x@127.0.0.1:1/none')).rejects.toThrow();
  });
});
