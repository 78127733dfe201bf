import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/e2e/helpers.js';
import { dbKeyOf, resolveTrust } from './serve-config.js';

describe('resolveTrust', () => {
  it('generates tokens for a loopback server into a 0600 file, reuses them, and never opens admin routes', () => {
    const dir = tempDir();
    const t = resolveTrust(dir, { host: '127.0.0.1' }, {});
    expect(Object.keys(t.tokens).sort()).toEqual(['admin', 'feedback', 'metrics']);
    expect(t.openPredict).toBe(true);
    expect(t.generatedTokensFile).toBe(join(dir, 'tokens.json'));
    expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'user-id.key')).mode & 0o777).toBe(0o600);
    const again = resolveTrust(dir, {}, {});
    expect(again.tokens).toEqual(t.tokens);
    expect(again.generatedTokensFile).toBeNull();
    expect(again.userIdKey).toBe(t.userIdKey);
  });

  it('refuses a public bind without configured tokens, and accepts one with them', () => {
    const dir = tempDir();
    expect(() => resolveTrust(dir, { host: '0.0.0.0' }, {})).toThrow(/refusing to listen on 0\.0\.0\.0 .*TFORGE_ADMIN_TOKEN or pass --tokens <file>/);
    const env = { TFORGE_ADMIN_TOKEN: 'a'.repeat(32), TFORGE_FEEDBACK_TOKEN: 'f'.repeat(32), TFORGE_METRICS_TOKEN: 'm'.repeat(32) };
    const t = resolveTrust(dir, { host: '0.0.0.0', openPredict: true }, env);
    expect(t.openPredict).toBe(true);
    expect(() => resolveTrust(dir, { host: '0.0.0.0' }, env)).toThrow(/without tokens for predict.*--open-predict/);
    expect(() => resolveTrust(dir, { tlsCert: 'c.pem' }, env)).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => resolveTrust(dir, { scrub: 'email,ssn' }, env)).toThrow(/--scrub: unknown kind 'ssn'/);
  });

  it('reads the database key from a file or TFORGE_DB_KEY', () => {
    const file = join(tempDir(), 'db.key');
    writeFileSync(file, 'from-the-file\n');
    expect(dbKeyOf({ dbKeyFile: file }, { TFORGE_DB_KEY: 'env' })).toBe('from-the-file');
    expect(dbKeyOf({}, { TFORGE_DB_KEY: 'from-env' })).toBe('from-env');
    expect(dbKeyOf({}, {})).toBeUndefined();
  });
});
