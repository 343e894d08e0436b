import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';

const ctx = {
  email: 'avery.lind@example.gov',
  displayName: 'Avery Lind',
  agencyName: 'Harlow County Sheriff’s Office',
};

describe('password rules', () => {
  it('accepts any printable string of 8 to 64 characters that is not banned, spaces and emoji included', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = [
      ...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789 !"#$%&()*+,-./:;<=>?@[]^_{|}~éüñçßØ漢字🙂🚓',
    ];
    for (let i = 0; i < 500; i++) {
      const length = 8 + Math.floor(rand() * 57);
      const pw = Array.from({ length }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      expect(passwordProblem(pw, ctx), JSON.stringify(pw)).toBeNull();
    }
  });

  it('refuses 7 characters and accepts 8, counting characters rather than bytes', () => {
    expect(passwordProblem('a1b2c3d', ctx)).toMatch(/at least 8/);
    expect(passwordProblem('🙂🙂🙂🙂🙂🙂🙂', ctx)).toMatch(/at least 8/);
    expect(passwordProblem('🙂🙂🙂🙂🙂🙂🙂🙂', ctx)).toBeNull();
  });

  it('refuses common and breached passwords, also dressed up', () => {
    for (const pw of ['password', 'Password123!', 'qwertyuiop', '  Letmein  ', 'iloveyou1']) {
      expect(passwordProblem(pw, ctx), pw).toMatch(/common or breached/);
    }
  });

  it("refuses passwords built from the account's own words or the program's", () => {
    for (const pw of [
      'avery.lind2026',
      'AveryLind!!',
      'HarlowSheriff1',
      'ICE287g-ICE287g',
      'Delegate2026!',
      'immigration!!',
    ]) {
      expect(passwordProblem(pw, ctx), pw).toMatch(/do not build/);
    }
    expect(passwordProblem('harlow river otter lantern', ctx)).toBeNull();
  });

  it('refuses control characters', () => {
    expect(passwordProblem('abc\u0000defgh', ctx)).toMatch(/printable/);
  });
});
