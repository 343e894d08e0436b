/** The delivery schedule: doubling waits counted from queueing, an attempt limit, a maximum age. */
import { describe, expect, it } from 'vitest';
import { DELIVERY, retryAt, retryOffsetMs } from '../../src/app/notifications/deliver-email.ts';

const queued = new Date('2026-12-01T00:00:00Z');
const minutes = (m: number) => new Date(queued.getTime() + m * 60_000);

describe('email retry schedule', () => {
  it('never retries a sent row, a row out of attempts, or a row past its maximum age', () => {
    expect(retryAt({ createdAt: queued, attempts: 1, sentAt: minutes(1) }, minutes(2))).toBeNull();
    expect(
      retryAt({ createdAt: queued, attempts: DELIVERY.maxAttempts, sentAt: null }, minutes(1)),
    ).toBeNull();
    expect(retryAt({ createdAt: queued, attempts: 0, sentAt: null }, minutes(24 * 60 + 1))).toBeNull();
    const short = { ...DELIVERY, maxAgeMs: 5 * 60_000 };
    expect(retryAt({ createdAt: queued, attempts: 3, sentAt: null }, minutes(1), short)).toBeNull();
  });

  it('waits 1, 3, 7, 15 … minutes after queueing, doubling each time', () => {
    expect([0, 1, 2, 3, 4, 7].map((k) => retryOffsetMs(k) / 60_000)).toEqual([0, 1, 3, 7, 15, 127]);
    expect(retryAt({ createdAt: queued, attempts: 0, sentAt: null }, queued)).toEqual(queued);
    expect(retryAt({ createdAt: queued, attempts: 2, sentAt: null }, minutes(1))).toEqual(minutes(3));
    // The whole schedule fits inside the maximum age.
    expect(retryOffsetMs(DELIVERY.maxAttempts - 1)).toBeLessThan(DELIVERY.maxAgeMs);
  });
});
