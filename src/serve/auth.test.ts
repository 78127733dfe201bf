import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/e2e/helpers.js';
import { assertSafeBind, check, isLoopback, loadTokens } from './auth.js';

const A = 'a'.repeat(32);
const F = 'f'.repeat(32);

describe('tokens', () => {
  it('loads a file and lets the environment override per role', () => {
    const file = join(tempDir(), 'tokens.json');
    writeFileSync(file, JSON.stringify({ admin: A, feedback: F }));
    expect(loadTokens({ file, env: {} })).toEqual({ admin: A, feedback: F });
    expect(loadTokens({ file, env: { TFORGE_FEEDBACK_TOKEN: 'g'.repeat(32) } })).toEqual({ admin: A, feedback: 'g'.repeat(32) });
  });

  it('rejects unknown roles, short or shared tokens and bad files, saying how to fix them', () => {
    const file = join(tempDir(), 'tokens.json');
    writeFileSync(file, JSON.stringify({ root: A }));
    expect(() => loadTokens({ file })).toThrow(/unknown role 'root'; roles are predict, feedback, metrics, admin/);
    expect(() => loadTokens({ env: { TFORGE_ADMIN_TOKEN: 'secret' } })).toThrow(/at least 32 non-space characters; generate one with 'openssl rand -hex 32'/);
    expect(() => loadTokens({ env: { TFORGE_ADMIN_TOKEN: A, TFORGE_FEEDBACK_TOKEN: A } })).toThrow(/roles 'feedback' and 'admin' share one token/);
    writeFileSync(file, '[1]');
    expect(() => loadTokens({ file })).toThrow(/must hold a JSON object of role -> token/);
    expect(() => loadTokens({ file: join(tempDir(), 'missing.json') })).toThrow(/cannot read/);
  });
});

describe('check', () => {
  const policy = { tokens: { admin: A, feedback: F }, openPredict: false };
  it('grants the matching role, lets admin through everything, and refuses the rest', () => {
    expect(check(policy, 'feedback', `Bearer ${F}`, 'x')).toEqual({ ok: true, role: 'feedback' });
    expect(check(policy, 'feedback', `bearer ${A}`, 'x')).toEqual({ ok: true, role: 'admin' });
    expect(check(policy, 'admin', `Bearer ${F}`, 'x')).toMatchObject({ ok: false, status: 403, role: 'feedback' });
    expect(check(policy, 'admin', `Bearer ${F}x`, 'x')).toMatchObject({ ok: false, status: 401 });
    expect(check(policy, 'admin', `Bearer ${F.slice(1)}`, 'x')).toMatchObject({ ok: false, status: 401 });
    expect(check({ tokens: { feedback: F }, openPredict: false }, 'predict', undefined, 'POST /v1')).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/^POST \/v1: needs the 'predict' role; no predict token is configured: set TFORGE_PREDICT_TOKEN/) });
    expect(check(policy, 'predict', undefined, 'x').ok).toBe(false);
    expect(check({ ...policy, openPredict: true }, 'predict', undefined, 'x')).toEqual({ ok: true, role: 'anonymous' });
    expect(check(policy, 'metrics', `Bearer ${F}`, 'x')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('binding', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.com', '128.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('refuses a public bind without tokens and says how to configure them', () => {
    expect(() => assertSafeBind('127.0.0.1', {}, true)).not.toThrow();
    expect(() => assertSafeBind('0.0.0.0', { admin: A }, false)).toThrow(
      /refusing to listen on 0\.0\.0\.0 .* without tokens for predict, feedback, metrics\. Set TFORGE_PREDICT_TOKEN, TFORGE_FEEDBACK_TOKEN, TFORGE_METRICS_TOKEN or pass --tokens <file>.*--open-predict.*--tls-cert/,
    );
    expect(() => assertSafeBind('0.0.0.0', { admin: A, feedback: F, metrics: 'm'.repeat(32) }, true)).not.toThrow();
  });
});
