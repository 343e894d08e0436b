import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, jaro, jaroWinkler } from './strings.ts';

describe('Jaro–Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });
  it('is 1 for equal strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('garcia', 'garcia')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });
  it('is symmetric on long strings (scratch buffers grow)', () => {
    const a = `${'a'.repeat(200)}b`;
    const b = `${'a'.repeat(199)}cb`;
    expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 10);
  });
});

describe('Damerau–Levenshtein', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(damerauLevenshtein('19800312', '19803012')).toBe(1);
    expect(damerauLevenshtein('smith', 'smtih')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
  });
  it('stops early past the bound', () => {
    expect(damerauLevenshtein('123456789', '987654321', 1)).toBe(2);
    expect(damerauLevenshtein('12', '123456', 2)).toBe(3);
  });
});
