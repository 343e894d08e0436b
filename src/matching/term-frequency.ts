/**
 * Term-frequency adjustment: agreeing on a rare value is stronger evidence than agreeing on
 * a common one (two records that both say `Zbigniew` are likelier the same person than two
 * that both say `John`). The adjustment replaces the average chance that two random
 * records agree on the field with the chance they agree on this value, and is kept as its
 * own term so the waterfall shows it apart from the field's learned weight.
 */

/** Below this, a value's frequency is not trusted (typos and tiny samples make values look rare). */
export const MIN_VALUE_FREQUENCY = 1e-4;

export class TermFrequencies {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private sumOfSquares = 0;

  static of(values: Iterable<string>): TermFrequencies {
    const tf = new TermFrequencies();
    for (const v of values) tf.add(v);
    return tf;
  }

  /** Count one more record with this value; '' (missing) is not counted. Cheap, for the index. */
  add(value: string): void {
    if (!value) return;
    const c = this.counts.get(value) ?? 0;
    this.counts.set(value, c + 1);
    this.total++;
    this.sumOfSquares += 2 * c + 1;
  }

  remove(value: string): void {
    const c = this.counts.get(value);
    if (!value || !c) return;
    if (c === 1) this.counts.delete(value);
    else this.counts.set(value, c - 1);
    this.total--;
    this.sumOfSquares -= 2 * c - 1;
  }

  /** Share of records carrying this value. */
  frequency(value: string): number {
    return this.total ? (this.counts.get(value) ?? 0) / this.total : 0;
  }

  /** Chance that two random records agree on the field: Σ frequency². */
  agreementChance(): number {
    return this.total ? this.sumOfSquares / (this.total * this.total) : 0;
  }

  /** Bits added to an exact agreement on `value`: log2(average agreement chance / this value's frequency). */
  adjustment(value: string): number {
    const mean = this.agreementChance();
    if (!mean) return 0;
    return Math.log2(mean / Math.max(this.frequency(value), MIN_VALUE_FREQUENCY));
  }
}
