/** Record identifiers: every record id Delegate issues is a UUID (v7 for new rows). */

/** A UUID in its canonical text form, any version, either case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
