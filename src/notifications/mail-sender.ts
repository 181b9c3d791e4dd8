import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { type DeliveryOutcome, outcomeOfError } from './delivery-outcome.js';

/** E-mail over SMTP (nodemailer). A 5xx answer of the server is permanent (not retried); anything else is tried again. */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(config.SMTP_URL);
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
        ? { kind: 'refused', error: `SMTP ${code}: ${(err as Error).message}` }
        : outcomeOfError(err);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
