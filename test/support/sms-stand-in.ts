import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';

export interface SentSms {
  provider: 'aliyun' | 'tencent';
  phone: string;
  templateCode: string;
  params: unknown;
  reference: string;
}

/**
 * Aliyun's and Tencent Cloud's SMS endpoints as their SDKs call them (Aliyun: RPC with the parameters in the
 * query; Tencent: JSON with X-TC-Action), on 127.0.0.1, answering success unless a test scripts HTTP statuses.
 */
export class SmsStandIn {
  readonly sent: SentSms[] = [];
  private readonly statuses: number[] = [];
  private server?: Server;
  endpoint = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const status = this.statuses.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        if (status !== 200) return res.end('{"Code":"ServiceUnavailable","Message":"down"}');
        if (req.headers['x-tc-action'] === 'SendSms') {
          const body = JSON.parse(raw) as {
            PhoneNumberSet: string[];
            TemplateId: string;
            TemplateParamSet: string[];
            SessionContext: string;
          };
          this.sent.push({
            provider: 'tencent',
            phone: body.PhoneNumberSet[0],
            templateCode: body.TemplateId,
            params: body.TemplateParamSet,
            reference: body.SessionContext,
          });
          return res.end(JSON.stringify({ Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'r' } }));
        }
        const q = new URL(req.url ?? '/', 'http://x').searchParams;
        this.sent.push({
          provider: 'aliyun',
          phone: q.get('PhoneNumbers') ?? '',
          templateCode: q.get('TemplateCode') ?? '',
          params: JSON.parse(q.get('TemplateParam') ?? 'null'),
          reference: q.get('OutId') ?? '',
        });
        res.end(JSON.stringify({ Code: 'OK', Message: 'OK', RequestId: 'r', BizId: 'b' }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** The next calls answer these HTTP statuses (then success). */
  answer(statuses: number[]): void {
    this.statuses.push(...statuses);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** The text of a one-part message as a reader sees it: its body decoded from base64 or quoted-printable. */
export function mailText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const [head, body] = [raw.slice(0, split), raw.slice(split + 4)];
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1].toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A local SMTP server (smtp-server) that takes every message, without TLS or login. */
export class MailStandIn {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as { port: number };
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
