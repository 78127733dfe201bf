import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { faultInjection, writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

afterEach(() => {
  faultInjection.afterFileWritten = null;
});

const crash = (): never => {
  throw new Error('simulated crash');
};

describe('writeFileAtomic', () => {
  test('writes the bytes, creates the directory and leaves no temp file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tf-atomic-')), 'nested');
    await writeFileAtomic(join(dir, 'a.json'), '{"v":1}');
    await writeFileAtomic(join(dir, 'a.json'), new Uint8Array([123, 125]));
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  test('a crash before the rename keeps the old file whole and removes the temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-atomic-'));
    writeFileSync(join(dir, 'm.json'), 'old');
    faultInjection.afterFileWritten = crash;
    await expect(writeFileAtomic(join(dir, 'm.json'), 'new')).rejects.toThrow('simulated crash');
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['m.json']);
  });
});

describe('writeFileAtomicSync', () => {
  test('creates a secret with mode 0600 and replaces it atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-atomic-'));
    const file = join(dir, 'tokens.json');
    writeFileAtomicSync(file, 'one', { mode: 0o600 });
    writeFileAtomicSync(file, 'two', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('two');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    faultInjection.afterFileWritten = crash;
    expect(() => writeFileAtomicSync(file, 'three')).toThrow('simulated crash');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['tokens.json']);
  });
});
