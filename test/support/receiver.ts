import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';

/** A scripted "status" for a call the receiver never answers (its caller's time-out ends it). */
export const NO_ANSWER = 0;

export interface Received {
  webhookId: string;
  type: string;
  orderId: string;
  /** The signature checked with the standardwebhooks library and the webhook's secret. */
  verified: boolean;
  /** The status answered, or NO_ANSWER. */
  status: number;
}

/**
 * An office's system standing in for a webhook receiver on 127.0.0.1: it checks each call's Standard Webhooks
 * signature and answers as a test scripts it (per order title: a list of statuses, then 200).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  secret = '';
  private readonly scripts = new Map<string, number[]>();
  private readonly bodies = new Map<string, string>();
  private readonly delays = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        let verified = true;
        try {
          new Webhook(this.secret).verify(raw, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        const body = JSON.parse(raw) as { type: string; data: { orderId: string; title: string } };
        const status = this.scripts.get(body.data.title)?.shift() ?? 200;
        this.received.push({ webhookId: String(req.headers['webhook-id']), type: body.type, orderId: body.data.orderId, verified, status });
        const reply = () => res.writeHead(status).end(this.bodies.get(body.data.title));
        if (status !== NO_ANSWER) setTimeout(reply, this.delays.get(body.data.title) ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
    return this;
  }

  /** The next calls about an order of this title answer these statuses (then 200), with `body`; NO_ANSWER: none at all. */
  answer(title: string, statuses: number[], body?: string): void {
    this.scripts.set(title, [...statuses]);
    if (body !== undefined) this.bodies.set(title, body);
  }

  /** Calls about an order of this title are answered only after `ms` (an attempt that takes its time). */
  slow(title: string, ms: number): void {
    this.delays.set(title, ms);
  }

  of(orderId: string): Received[] {
    return this.received.filter((r) => r.orderId === orderId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `probe` until `done` holds of its value (the queue works in the background), failing after `seconds`. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${seconds} s: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}
