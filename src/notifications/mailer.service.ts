import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * E-mail through SMTP_URL (nodemailer). Without SMTP_URL nothing is sent and notifications stay
 * in-app. Addresses and contents are never logged.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger(MailerService.name);
  private transporter: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  /** Sends one message; rejects when the server refuses it or cannot be reached (the job retries). */
  async send(message: MailMessage): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('SMTP is not configured');
    this.transporter ??= nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    await this.transporter.sendMail({ from: this.config.smtpFrom, to: message.to, subject: message.subject, text: message.text });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
    this.transporter = null;
    this.logger.debug('mail transport closed');
  }
}
