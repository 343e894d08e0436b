/**
 * Determinism for the reference simulator: a seeded PRNG (mulberry32) for generating the
 * synthetic population and bookings, and a stable hash of (seed, parts…) for per-query
 * decisions (latency, injected failure) so that the same query gets the same answer on every
 * run and machine, and a retry (a new attempt number) is an independent draw. No Math.random.
 */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export const randomInt = (rng: Rng, n: number): number => Math.floor(rng() * n);

/** An integer in [min, max]. */
export const randomBetween = (rng: Rng, min: number, max: number): number =>
  min + randomInt(rng, max - min + 1);

export const pick = <T>(rng: Rng, xs: readonly T[]): T => {
  if (xs.length === 0) throw new RangeError('pick from an empty list');
  return xs[randomInt(rng, xs.length)] as T;
};

/** A choice weighted by the second element of each entry. */
export function weighted<T>(rng: Rng, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  const last = entries[entries.length - 1];
  if (!last) throw new RangeError('weighted choice from an empty list');
  return last[0];
}

/** A string of `n` decimal digits. */
export const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => String(randomInt(rng, 10))).join('');

/** JSON with object keys sorted, so equal values always serialise to the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** cyrb53: a 53-bit string hash, as a number in [0, 1). */
function cyrb53Unit(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return hash / 2 ** 53;
}

/** A uniform draw in [0, 1) fixed by the seed and the parts (each serialised canonically). */
export function hashUnit(seed: number, ...parts: unknown[]): number {
  return cyrb53Unit(parts.map(canonicalJson).join('\u0001'), seed >>> 0);
}
