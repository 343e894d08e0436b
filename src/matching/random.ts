/**
 * A small seeded PRNG (mulberry32). Training samples random pairs and the bench generates
 * synthetic people; both must be reproducible run to run, so nothing here uses Math.random.
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
