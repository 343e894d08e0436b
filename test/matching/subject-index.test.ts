import { beforeAll, describe, expect, it } from 'vitest';
import { linkRecords } from '../../src/matching/linker.ts';
import type { MatchModel } from '../../src/matching/model.ts';
import { SubjectIndex } from '../../src/matching/subject-index.ts';
import { febrl } from './linkage-data.ts';

describe('subject index', () => {
  let model: MatchModel;
  const records = febrl('dataset4a.csv').slice(0, 2000);
  const incoming = new Map(febrl('dataset4b.csv').map((r) => [r.truth, r]));

  beforeAll(() => {
    model = linkRecords(febrl('dataset4a.csv'), febrl('dataset4b.csv')).model;
  });

  const build = () => {
    const index = new SubjectIndex(model);
    for (const r of records) index.add(`S${r.truth}`, r);
    return index;
  };

  it('resolves an incoming booking to its subject, best first, and nothing below the threshold', () => {
    const index = build();
    let found = 0;
    for (const r of records.slice(0, 300)) {
      const candidates = index.resolve(incoming.get(r.truth)!);
      if (candidates[0]?.subjectId === `S${r.truth}`) found++;
      for (const c of candidates) expect(c.probability).toBeGreaterThanOrEqual(0.5);
    }
    expect(found).toBeGreaterThanOrEqual(295);
    expect(index.resolve({ id: 'x', first_name: 'Nobody', last_name: 'Atall', dob: '1800-01-01' })).toEqual(
      [],
    );
  });

  it('follows merges and new records, and survives a snapshot round trip', () => {
    const index = build();
    const target = records[0]!;
    const dup = incoming.get(target.truth)!;
    index.add('S-new', { ...dup, id: 'booking-2' });
    expect(
      index
        .resolve(dup)
        .map((c) => c.subjectId)
        .slice(0, 2)
        .sort(),
    ).toEqual([`S${target.truth}`, 'S-new'].sort());
    index.merge(`S${target.truth}`, 'S-new');
    expect(index.resolve(dup).filter((c) => c.subjectId === 'S-new')).toEqual([]);
    expect(index.subjectCount).toBe(2000);
    expect(index.recordCount).toBe(2001);
    const restored = SubjectIndex.restore(JSON.parse(JSON.stringify(index.snapshot())));
    expect(restored.resolve(dup)).toEqual(index.resolve(dup));
    const top = restored.resolve(dup)[0]!;
    expect(restored.explain(dup, top.recordId).probability).toBeCloseTo(top.probability, 9);
  });
});
