/** A one-time message carried across a client-side navigation (e.g. "nominated" on the new officer's page). */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

/** The pending message, if any; it is cleared so it shows once. */
export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
