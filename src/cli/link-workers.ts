/**
 * The comparison stage of large `delegate link` runs on worker threads. The coded records
 * (pair-kernel.ts) and the candidate pairs go to shared memory once — integer codes as
 * typed arrays on a SharedArrayBuffer, each comparison's string table copied once per
 * worker — and the workers take chunks of pairs as they finish the last, so a busy core
 * slows only its own share. The patterns they write are the kernel's, as on one thread, so
 * the output does not depend on the thread count. Small inputs stay on the calling thread:
 * starting a worker costs more than they take.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompareJob, ComparePairs } from '../matching/linker.ts';
import type { CodedTable } from '../matching/pair-kernel.ts';
import type { Chunk, WorkerInput } from './link-worker.ts';

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism, at most 8). */
  threads?: number;
  /** Jobs with fewer candidate pairs than this run on the calling thread (default 1,000,000). */
  minPairs?: number;
  /** Pairs per chunk handed to a worker (default 250,000). */
  chunk?: number;
}

/** Worker threads by default: DELEGATE_LINK_THREADS when set, else the available cores (at most 8). */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env.DELEGATE_LINK_THREADS);
  if (Number.isInteger(set) && set >= 0) return set;
  return Math.min(8, os.availableParallelism());
}

/** A copy of `array` on shared memory. */
function shared<T extends Int32Array>(array: T, length = array.length): T {
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(length * array.BYTES_PER_ELEMENT));
  copy.set(array.subarray(0, length));
  return copy;
}

function sharedTable(t: CodedTable): CodedTable {
  return {
    ...t,
    codes: t.codes.map((c) => shared(c)),
  };
}

/** A `ComparePairs` for `linkRecordsWith` that runs jobs of `minPairs` or more on worker threads. */
export function workerComparePairs(options: PoolOptions = {}): ComparePairs {
  const threads = options.threads ?? defaultThreads();
  const minPairs = options.minPairs ?? 1_000_000;
  const chunk = options.chunk ?? 250_000;
  return (job, onProgress) =>
    threads < 1 || job.count < minPairs ? null : run(job, threads, chunk, onProgress);
}

function run(
  job: CompareJob,
  threads: number,
  chunkSize: number,
  onProgress: (fraction: number) => void,
): Promise<Float64Array> {
  const out = new Float64Array(new SharedArrayBuffer(job.count * Float64Array.BYTES_PER_ELEMENT));
  const input: WorkerInput = {
    table: sharedTable(job.table()),
    pairLeft: shared(job.pairLeft, job.count),
    pairRight: shared(job.pairRight, job.count),
    rightOffset: job.rightOffset,
    out,
  };
  const workers = Array.from(
    { length: Math.min(threads, Math.ceil(job.count / chunkSize)) },
    () => new Worker(new URL('./link-worker.ts', import.meta.url), { workerData: input }),
  );
  return new Promise<Float64Array>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = () => Promise.all(workers.map((w) => w.terminate()));
    const give = (w: Worker) => {
      if (next >= job.count) return;
      const c: Chunk = { from: next, to: Math.min(job.count, next + chunkSize) };
      next = c.to;
      w.postMessage(c);
    };
    for (const w of workers) {
      w.on('message', (c: Chunk) => {
        done += c.to - c.from;
        onProgress(done / job.count);
        if (done === job.count) {
          void stop().then(() => resolve(out), reject);
          return;
        }
        give(w);
      });
      w.on('error', (error) => {
        if (failed) return;
        failed = true;
        void stop().finally(() => reject(error));
      });
      w.on('exit', (code) => {
        if (done < job.count && !failed) {
          failed = true;
          void stop().finally(() => reject(new Error(`link worker stopped (exit code ${code})`)));
        }
      });
      give(w);
    }
  });
}
