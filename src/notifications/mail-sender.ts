import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { asKept, type DeliveryOutcome, outcomeOfError } from './delivery-outcome.js';

/** nodemailer's time-outs, in ms: for the connection, the server's greeting, and silence on the socket. */
const SMTP_TIMEOUTS = ['connectionTimeout', 'greetingTimeout', 'socketTimeout'];

/**
 * The SMTP URL with DELIVERY_TIMEOUT_MS for each of nodemailer's time-outs the URL does not set itself (as query
 * parameters, which nodemailer reads as options): its own are 2 minutes to connect and 10 minutes of silence, for
 * which a server that stopped answering would hold a drained batch, its transaction and a worker.
 */
export function smtpUrlWithTimeouts(url: string, timeoutMs: number): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const given = new Set([...new URLSearchParams(query).keys()]);
  const added = SMTP_TIMEOUTS.filter((k) => !given.has(k)).map((k) => `${k}=${timeoutMs}`);
  if (added.length === 0) return url;
  return `${url}${query === '' ? (url.endsWith('?') ? '' : '?') : '&'}${added.join('&')}`;
}

/** E-mail over SMTP (nodemailer). A 5xx answer of the server is permanent (not retried); anything else is tried again. */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(smtpUrlWithTimeouts(config.SMTP_URL, config.DELIVERY_TIMEOUT_MS));
  }

  async send(m: { to: string; subject: string; text: string; reference: string }): Promise<DeliveryOutcome> {
    if (!this.transport) return { kind: 'refused', error: 'no SMTP server is configured (SMTP_URL)' };
    try {
      // The Message-ID is the delivery's: a mail system that sees it twice knows it is the same message.
      await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.reference}@grassland-pioneer>`,
      });
      return { kind: 'sent' };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      return typeof code === 'number' && code >= 500
        ? { kind: 'refused', error: asKept(`SMTP ${code}: ${(err as Error).message}`) }
        : outcomeOfError(err);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
