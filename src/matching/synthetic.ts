/**
 * A seeded generator of synthetic people with duplicates carrying the errors booking data
 * has: typos, nicknames, given/family names swapped, compound surnames split, day and month
 * of birth transposed, missing fields, a mistyped A-number digit. For the speed bench and
 * tests at scales no public benchmark reaches; no real person's data.
 */
import { NICKNAME_GROUPS } from './data/nicknames.ts';
import { type Rng, randomInt, seededRng } from './random.ts';
import type { PersonRecord } from './roles.ts';

/** Consonant–vowel(–consonant) syllables: about 1,500, so invented names vary as real ones do. */
const SYLLABLES = [...'bcdfghjklmnprstvwz'].flatMap((c) =>
  [...'aeiou', 'ai', 'ou', 'ea'].flatMap((v) => ['', ...'lnrst'].map((e) => c + v + e)),
);
const CITIES =
  'springfield riverside franklin greenville bristol clinton fairview salem madison georgetown arlington ashland dover oxford jackson burlington manchester milton newport auburn'.split(
    ' ',
  );
const STATES = 'TX FL GA NC AZ TN SC AL VA OK LA MO IN'.split(' ');

export type SyntheticRecord = PersonRecord & { truth: string };

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;
/** Skewed choice: the top entry takes about 0.6 % of draws, as the commonest US surname does. */
const skewed = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(xs.length * rng() ** 2)]!;

function typo(rng: Rng, s: string): string {
  if (s.length < 2) return s;
  const i = randomInt(rng, s.length - 1);
  switch (randomInt(rng, 3)) {
    case 0:
      return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    default:
      return s.slice(0, i) + String.fromCharCode(97 + randomInt(rng, 26)) + s.slice(i + 1);
  }
}

/** `count` records: persons with 0–4 duplicates each, ids `p<person>-<copy>`, truth = person. */
export function syntheticPeople(count: number, seed = 42): SyntheticRecord[] {
  const rng = seededRng(seed);
  const invent = (syllables: number) =>
    Array.from({ length: syllables }, () => pick(rng, SYLLABLES)).join('');
  const common = NICKNAME_GROUPS.map((g) => g.split(' ')[0]!);
  const given = [...common, ...Array.from({ length: 3000 }, () => invent(2 + randomInt(rng, 2)))];
  // People cluster in some ZIP codes: a few thousand codes, skewed, as real addresses are.
  const postcodes = Array.from({ length: 5000 }, () => String(10000 + randomInt(rng, 89999)));
  const surnames = Array.from({ length: 60_000 }, () => invent(2 + randomInt(rng, 3)));
  const out: SyntheticRecord[] = [];
  for (let person = 0; out.length < count; person++) {
    const year = 1940 + randomInt(rng, 65);
    const base = {
      first: rng() < 0.5 ? skewed(rng, common) : skewed(rng, given),
      last: rng() < 0.1 ? `${skewed(rng, surnames)} ${skewed(rng, surnames)}` : skewed(rng, surnames),
      dob: `${year}-${String(1 + randomInt(rng, 12)).padStart(2, '0')}-${String(1 + randomInt(rng, 28)).padStart(2, '0')}`,
      sex: rng() < 0.5 ? 'M' : 'F',
      city: pick(rng, CITIES),
      state: pick(rng, STATES),
      postcode: postcodes[Math.floor(postcodes.length * rng() ** 2)]!,
      aNumber: rng() < 0.6 ? String(200000000 + randomInt(rng, 99999999)) : '',
    };
    const copies = 1 + Math.min(4, Math.floor(-Math.log(1 - rng()) * 0.8));
    for (let c = 0; c < copies && out.length < count; c++) {
      let { first, last, dob, aNumber, city } = base;
      if (c > 0) {
        if (rng() < 0.15) first = typo(rng, first);
        if (rng() < 0.1)
          first = NICKNAME_GROUPS.find((g) => g.startsWith(`${first} `))?.split(' ')[1] ?? first;
        if (rng() < 0.15) last = typo(rng, last);
        if (rng() < 0.5 && last.includes(' ')) last = last.split(' ')[randomInt(rng, 2)]!;
        if (rng() < 0.05) [first, last] = [last, first];
        if (rng() < 0.05) dob = `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}`;
        else if (rng() < 0.08) dob = typo(rng, dob);
        if (rng() < 0.1) dob = '';
        if (rng() < 0.05) aNumber = typo(rng, aNumber);
        if (rng() < 0.3) aNumber = '';
        if (rng() < 0.2) city = pick(rng, CITIES);
      }
      out.push({
        id: `p${person}-${c}`,
        truth: String(person),
        first_name: first,
        last_name: last,
        dob,
        sex: base.sex,
        city,
        state: base.state,
        postcode: base.postcode,
        a_number: aNumber,
      });
    }
  }
  return out;
}
