/**
 * The re-authentication check (security.md R7) and the sign-in policy read from the environment,
 * without a database: which actors are asked, the window and its edge, and the defaults.
 */
import { describe, expect, it } from 'vitest';
import {
  authConfigFromEnv,
  DEFAULT_AUTH_CONFIG,
  needsPhishingResistant,
} from '../../src/app/accounts/auth-config.ts';
import { type AuthenticatedActor, requireRecentAuth } from '../../src/app/accounts/recent-auth.ts';
import type { Deps } from '../../src/app/deps.ts';
import { operator } from '../../src/domain/actor.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import type { Db } from '../../src/store/db.ts';

const SIGNED_IN = new Date('2026-11-29T12:00:00Z');
const depsAt = (minutesLater: number, reauthMinutes?: number): Deps => {
  const clock = fixedClock(SIGNED_IN.toISOString());
  clock.advance(minutesLater * 60_000);
  return {
    db: null as unknown as Db,
    clock,
    ...(reauthMinutes ? { auth: { ...DEFAULT_AUTH_CONFIG, reauthWindowMs: reauthMinutes * 60_000 } } : {}),
  };
};
const session = (authenticatedAt: Date | null): AuthenticatedActor => ({
  kind: 'user',
  id: 'u-1',
  role: 'program_office',
  agencyId: null,
  authenticatedAt,
});

describe('requireRecentAuth', () => {
  it('refuses a privileged action of a session whose last proof is older than the window', () => {
    const refused = requireRecentAuth(depsAt(5 + 1 / 60), session(SIGNED_IN), 'user.create');
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated', ruleId: 'step-up' } });
    expect(requireRecentAuth(depsAt(6), session(SIGNED_IN), 'officer.revoke')?.ok).toBe(false);
    expect(requireRecentAuth(depsAt(6), session(SIGNED_IN), 'export')?.ok).toBe(false);
  });

  it('always refuses an API token, which never re-authenticates', () => {
    expect(requireRecentAuth(depsAt(0), session(null), 'audit.verify')?.ok).toBe(false);
  });

  it('refuses a proof dated in the future (a clock moved back)', () => {
    expect(requireRecentAuth(depsAt(-1), session(SIGNED_IN), 'user.create')?.ok).toBe(false);
  });

  it('allows within the window, at its edge, and under a configured window', () => {
    expect(requireRecentAuth(depsAt(0), session(SIGNED_IN), 'user.create')).toBeNull();
    expect(requireRecentAuth(depsAt(5), session(SIGNED_IN), 'user.create')).toBeNull();
    expect(requireRecentAuth(depsAt(9, 10), session(SIGNED_IN), 'user.create')).toBeNull();
    expect(requireRecentAuth(depsAt(11, 10), session(SIGNED_IN), 'user.create')?.ok).toBe(false);
  });

  it('does not ask for other actions, the console operator, or actors built in-process', () => {
    expect(requireRecentAuth(depsAt(60), session(SIGNED_IN), 'officer.certify')).toBeNull();
    expect(requireRecentAuth(depsAt(60), operator('test'), 'user.create')).toBeNull();
    const inProcess = { kind: 'user' as const, id: 'u-2', role: 'program_office' as const, agencyId: null };
    expect(requireRecentAuth(depsAt(60), inProcess, 'user.create')).toBeNull();
  });
});

describe('authConfigFromEnv', () => {
  it('requires security keys by default, on localhost:8287, with a 5-minute window', () => {
    const config = authConfigFromEnv({});
    expect(config).toEqual({ ...DEFAULT_AUTH_CONFIG, phishingResistantRequired: true });
    expect(needsPhishingResistant(config, 'ice_supervisor')).toBe(true);
    expect(needsPhishingResistant(config, 'program_office')).toBe(true);
    expect(needsPhishingResistant(config, 'lea_admin')).toBe(true);
    expect(needsPhishingResistant(config, 'lea_officer')).toBe(false);
  });

  it('reads the relying party and the window, and turns the requirement off for the demo or on request', () => {
    const config = authConfigFromEnv({
      DELEGATE_WEBAUTHN_RP_ID: 'delegate.example.gov',
      DELEGATE_WEBAUTHN_ORIGIN: 'https://delegate.example.gov/, https://delegate.example.gov:8443',
      DELEGATE_REAUTH_MINUTES: '3',
    });
    expect(config.rpId).toBe('delegate.example.gov');
    expect(config.origins).toEqual(['https://delegate.example.gov', 'https://delegate.example.gov:8443']);
    expect(config.reauthWindowMs).toBe(3 * 60_000);
    expect(authConfigFromEnv({}, { demo: true }).phishingResistantRequired).toBe(false);
    expect(authConfigFromEnv({ DELEGATE_WEBAUTHN_REQUIRED: 'off' }).phishingResistantRequired).toBe(false);
    expect(authConfigFromEnv({ DELEGATE_REAUTH_MINUTES: 'soon' }).reauthWindowMs).toBe(5 * 60_000);
    expect(needsPhishingResistant(authConfigFromEnv({}, { demo: true }), 'ice_supervisor')).toBe(false);
  });
});
