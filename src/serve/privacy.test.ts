import { describe, expect, it } from 'vitest';
import { Anonymizer, retentionCutoff } from './privacy.js';

describe('Anonymizer', () => {
  const a = new Anonymizer({ userIdKey: 'k'.repeat(32) });
  it('hashes user ids with a key: stable, distinct per id and per key, not the raw id', () => {
    expect(a.userId('alice')).toBe(a.userId('alice'));
    expect(a.userId('alice')).toMatch(/^u_[0-9a-f]{32}$/);
    expect(a.userId('alice')).not.toBe(a.userId('bob'));
    expect(new Anonymizer({ userIdKey: 'j'.repeat(32) }).userId('alice')).not.toBe(a.userId('alice'));
    expect(() => new Anonymizer().userId('alice')).toThrow(/no user-id key is configured; set TFORGE_USER_ID_KEY/);
    expect(() => new Anonymizer({ userIdKey: 'short' })).toThrow(/at least 16 characters/);
  });

  it('scrubs e-mails, phone numbers, cards, IBANs and IP addresses from comments', () => {
    const cases: [string, string][] = [
      ['mail a.b+c@mail.example.org now', 'mail [email] now'],
      ['call +44 20 7946 0958 or (555) 123-4567', 'call [phone] or [phone]'],
      ['card 4111 1111 1111 1111 thanks', 'card [card] thanks'],
      ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN [iban]'],
      ['from 192.168.10.20', 'from [ip]'],
      ['it is a 7, not a 1 (see 2 more)', 'it is a 7, not a 1 (see 2 more)'],
    ];
    for (const [raw, want] of cases) expect(a.comment(raw)).toBe(want);
    expect(new Anonymizer({ scrub: ['email'] }).comment('a@b.io +44 20 7946 0958')).toBe('[email] +44 20 7946 0958');
    expect(new Anonymizer({ scrub: [] }).comment('a@b.io')).toBe('a@b.io');
  });
});

describe('retentionCutoff', () => {
  it('is the period before now, and rejects non-positive periods', () => {
    expect(retentionCutoff(2, new Date('2026-01-10T00:00:00.000Z'))).toBe('2026-01-08T00:00:00.000Z');
    expect(() => retentionCutoff(0)).toThrow(/positive number of days, received 0/);
  });
});
