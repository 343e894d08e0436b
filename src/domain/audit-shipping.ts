/**
 * Audit shipping (R21, AU-9(2)): every audit row is copied to a logically separate store, in
 * sequence order, so the trail survives the loss or rewriting of the database. The store is a
 * port; the server ships on its short job tick and alerts when shipping lags.
 */

/** Shipping more than this far behind the newest row raises an incident (R21, org-defined). */
export const SHIPPING_MAX_LAG_MS = 15 * 60_000;

export interface AuditShipper {
  /** Where the copies go (for messages). */
  location: string;
  /** The highest sequence number the store holds (0 when empty). */
  shippedThrough(): Promise<number>;
  /**
   * Appends rows (one JSON object per line, in sequence order) and then records `throughSeq`.
   * A crash between the two ships the same rows again; receivers keep the first copy of a `seq`.
   */
  append(lines: readonly string[], throughSeq: number): Promise<void>;
}
