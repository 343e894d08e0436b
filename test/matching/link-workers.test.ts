/** The comparison stage on worker threads: the same pairs and probabilities as on one thread. */
import { describe, expect, it } from 'vitest';
import { defaultThreads, workerComparePairs } from '../../src/cli/link-workers.ts';
import { comparisonsFor } from '../../src/matching/comparisons.ts';
import { type CompareJob, linkRecords, linkRecordsWith } from '../../src/matching/linker.ts';
import { encodeRecords } from '../../src/matching/pair-kernel.ts';
import { febrl } from './linkage-data.ts';

const pool = workerComparePairs({ threads: 2, minPairs: 0, chunk: 2000 });

describe('link worker threads', () => {
  it('leave small jobs to the calling thread, and every job when set to no threads', () => {
    const job: CompareJob = {
      count: 10,
      pairLeft: new Int32Array(10),
      pairRight: new Int32Array(10),
      rightOffset: 0,
      table: () => {
        throw new Error('a declined job is never encoded');
      },
    };
    expect(workerComparePairs({ threads: 2, minPairs: 11 })(job, () => {})).toBeNull();
    expect(workerComparePairs({ threads: 0, minPairs: 0 })(job, () => {})).toBeNull();
  });

  it('reject, and stop, when a worker fails', async () => {
    const table = encodeRecords(comparisonsFor(new Set(['dob'])), [[]]);
    const job: CompareJob = {
      count: 4,
      pairLeft: new Int32Array(4),
      pairRight: new Int32Array(4),
      rightOffset: 0,
      table: () => ({ ...table, comparisons: ['no such comparison'] }),
    };
    await expect(workerComparePairs({ threads: 1, minPairs: 0 })(job, () => {})).rejects.toThrow(
      /no kernel for comparison/,
    );
  });

  it('take the thread count from DELEGATE_LINK_THREADS, else the cores', () => {
    expect(defaultThreads({ DELEGATE_LINK_THREADS: '3' })).toBe(3);
    expect(defaultThreads({ DELEGATE_LINK_THREADS: '0' })).toBe(0);
    expect(defaultThreads({ DELEGATE_LINK_THREADS: 'many' })).toBeGreaterThanOrEqual(1);
    expect(defaultThreads({})).toBeGreaterThanOrEqual(1);
  });

  it('dedupe part of FEBRL3 to the same pairs and probabilities as one thread, reporting progress', async () => {
    // Part of the file keeps the test quick; the pool's chunks are small so both threads work.
    const records = febrl('dataset3.csv').slice(0, 2500);
    const local = linkRecords(records, null);
    const seen: number[] = [];
    const threaded = await linkRecordsWith(pool, records, null, {
      onProgress: (stage, f) => {
        if (stage === 'comparing') seen.push(f);
      },
    });
    expect(threaded.candidates).toBe(local.candidates);
    expect(threaded.pairs).toEqual(local.pairs);
    expect(seen.at(-1)).toBeGreaterThan(0.9);
  });

  it('link part of FEBRL4 to the same pairs and probabilities as one thread', async () => {
    const a = febrl('dataset4a.csv').slice(0, 2000);
    const b = febrl('dataset4b.csv').slice(0, 2000);
    const local = linkRecords(a, b);
    const threaded = await linkRecordsWith(pool, a, b);
    expect(threaded.pairs.length).toBeGreaterThan(300);
    expect(threaded.pairs).toEqual(local.pairs);
  });
});
