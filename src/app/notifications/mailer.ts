/**
 * The port through which notices leave the system by email. App code depends on this
 * interface only; the SMTP adapter is in integrations/email and is chosen at the composition root.
 */

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves once the relay accepted the message; rejects with the reason otherwise. */
  send(email: OutgoingEmail): Promise<void>;
}
