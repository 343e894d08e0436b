/**
 * A worker thread of `link-workers.ts`: it holds the coded records (shared memory, sent once)
 * and computes the patterns of the chunks of candidate pairs the pool hands it, writing them
 * into the shared output. The comparisons are the pure kernel's (src/matching/pair-kernel.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type CodedTable, PairKernel } from '../matching/pair-kernel.ts';

/** What the pool sends once, at start: views on shared memory and the string tables. */
export interface WorkerInput {
  table: CodedTable;
  pairLeft: Int32Array;
  pairRight: Int32Array;
  rightOffset: number;
  out: Float64Array;
}

/** A chunk to compute, [from, to); the worker answers with the same message when done. */
export interface Chunk {
  from: number;
  to: number;
}

const input = workerData as WorkerInput;
const kernel = new PairKernel(input.table);
parentPort?.on('message', (chunk: Chunk) => {
  kernel.fill(input.pairLeft, input.pairRight, input.rightOffset, chunk.from, chunk.to, input.out);
  parentPort?.postMessage(chunk);
});
