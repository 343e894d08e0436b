/**
 * Synthetic names for the reference population and walk-in bookings: common given names of
 * several languages and invented syllable surnames (sometimes compound or hyphenated), plus the
 * spelling errors booking data carries. No real person's data.
 */
import { pick, type Rng, randomInt } from './random.ts';

const GIVEN_F = [
  'Maria',
  'Ana',
  'Rosa',
  'Carmen',
  'Guadalupe',
  'Lucia',
  'Sofia',
  'Isabel',
  'Fatima',
  'Aisha',
  'Amina',
  'Mei',
  'Lin',
  'Hana',
  'Priya',
  'Anjali',
  'Olga',
  'Natalia',
  'Anna',
  'Grace',
  'Mary',
  'Sarah',
  'Emily',
  'Jennifer',
  'Linh',
  'Thu',
  'Ngozi',
  'Abena',
  'Marie',
  'Claire',
  'Elena',
  'Yesenia',
  'Daniela',
] as const;
const GIVEN_M = [
  'Jose',
  'Juan',
  'Luis',
  'Carlos',
  'Miguel',
  'Jorge',
  'Pedro',
  'Francisco',
  'Mohammed',
  'Ahmed',
  'Omar',
  'Wei',
  'Jun',
  'Hiroshi',
  'Raj',
  'Arjun',
  'Ivan',
  'Dmitri',
  'Pavel',
  'John',
  'James',
  'Michael',
  'David',
  'Robert',
  'Minh',
  'Tuan',
  'Chinedu',
  'Kwame',
  'Emmanuel',
  'Pierre',
  'Jean',
  'Mateo',
  'Santiago',
] as const;

/** Consonant–vowel(–consonant) syllables, so invented surnames vary as real ones do. */
const SYLLABLES = [...'bcdfghjklmnprstvz'].flatMap((c) =>
  [...'aeiou', 'ai', 'ou'].flatMap((v) => ['', ...'lnrs'].map((e) => c + v + e)),
);

const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function inventWord(rng: Rng, syllables: number): string {
  return titleCase(Array.from({ length: syllables }, () => pick(rng, SYLLABLES)).join(''));
}

export function givenName(rng: Rng, sex: 'M' | 'F'): string {
  if (rng() < 0.25) return inventWord(rng, 2);
  return pick(rng, sex === 'F' ? GIVEN_F : GIVEN_M);
}

export function surname(rng: Rng): string {
  const one = () => inventWord(rng, 2 + randomInt(rng, 2));
  const r = rng();
  if (r < 0.12) return `${one()} ${one()}`;
  if (r < 0.15) return `${one()}-${one()}`;
  return one();
}

/** One typing error: two letters swapped, one dropped, or one replaced. */
export function misspell(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + randomInt(rng, s.length - 2);
  switch (randomInt(rng, 3)) {
    case 0:
      return s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    default:
      return s.slice(0, i) + String.fromCharCode(97 + randomInt(rng, 26)) + s.slice(i + 1);
  }
}
