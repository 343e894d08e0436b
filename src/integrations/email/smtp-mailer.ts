/**
 * The SMTP adapter of the `Mailer` port: a nodemailer transport built from a connection URL
 * (`smtp://user:pass@host:587`, `smtps://host:465`; query parameters such as `?ignoreTLS=true`
 * are nodemailer options). One connection per message, short timeouts, so an unreachable relay
 * fails an attempt quickly and the delivery job retries it later.
 */
import nodemailer from 'nodemailer';

/** The shape app/notifications/mailer.ts expects (structural: integrations do not import app). */
interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}
interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
}

export interface SmtpMailerOptions {
  /** The sender address; default `Delegate <delegate@localhost>`. */
  from?: string | undefined;
  /** Milliseconds to connect, to receive the greeting, and of socket inactivity. */
  timeoutMs?: number | undefined;
}

export const DEFAULT_FROM = 'Delegate <delegate@localhost>';

export function smtpMailer(url: string, options: SmtpMailerOptions = {}): Mailer {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 3 },
    { from: options.from || DEFAULT_FROM },
  );
  return {
    async send(email: OutgoingEmail) {
      await transport.sendMail({ to: email.to, subject: email.subject, text: email.text });
    },
  };
}
