import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../config/app-config.js';
import type { DeliveryToSend } from './deliveries.repository.js';
import type { Lookup } from './webhook-address.js';
import { WebhookSender } from './webhook-sender.js';

const SECRET = 'whsec_' + Buffer.from('a secret of the office, 32 bytes').toString('base64');

/** A resolver that answers every name with `address`, counting the names it was asked. */
function resolvingTo(address: string, asked: string[]): Lookup {
  return (hostname, options, callback) => {
    asked.push(hostname);
    if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
}

const delivery = (url: string): DeliveryToSend => ({
  id: 'msg_01',
  channel: 'webhook',
  eventId: 'e1',
  event: 'order.placed',
  orderId: '0190b3c4-0000-7000-8000-000000000001',
  occurredAt: new Date('2026-12-04T02:00:00Z'),
  data: { title: '草原生态补奖政策解读' },
  attempts: 0,
  webhookUrl: url,
  webhookSecret: SECRET,
  accountId: null,
  role: null,
  phone: null,
  email: null,
  quietFrom: null,
  quietTo: null,
});

describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  let answer: { status: number; body: string };
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const senders: WebhookSender[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer.status).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(senders.map((s) => s.onModuleDestroy()));
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received.length = 0;
    answer = { status: 204, body: '' };
  });

  const senderResolvingTo = (address: string, asked: string[]) => {
    const sender = new WebhookSender(new AppConfig(), resolvingTo(address, asked));
    senders.push(sender);
    return sender;
  };

  it('reaches a receiver by its name through its own resolver, signed so the standardwebhooks library verifies it', async () => {
    const asked: string[] = [];
    const outcome = await senderResolvingTo('127.0.0.1', asked).send(delivery(`http://oa.example.cn:${port}/hooks?office=1`));
    expect(outcome).toEqual({ kind: 'sent' });
    expect(asked).toEqual(['oa.example.cn']);
    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    const verified = new Webhook(SECRET).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    expect(verified).toEqual({
      type: 'order.placed',
      timestamp: '2026-12-04T02:00:00.000Z',
      data: { orderId: '0190b3c4-0000-7000-8000-000000000001', title: '草原生态补奖政策解读' },
    });
  });

  it('refuses, without retrying or calling, a name that resolves to a link-local address', async () => {
    const outcome = await senderResolvingTo('169.254.169.254', []).send(delivery(`http://metadata.example.cn:${port}/`));
    expect(outcome).toEqual({ kind: 'refused', error: expect.stringContaining('169.254.169.254') });
    expect(received).toHaveLength(0);
  });

  it("keeps the start of a failed answer's body as the error, and retries a 5xx", async () => {
    answer = { status: 503, body: '维护中'.repeat(2_000) };
    const outcome = await senderResolvingTo('127.0.0.1', []).send(delivery(`http://oa.example.cn:${port}/`));
    expect(outcome).toEqual({ kind: 'retry', error: `HTTP 503: ${'维护中'.repeat(2_000).slice(0, 200)}` });
  });

  it('does not retry a 4xx', async () => {
    answer = { status: 410, body: 'gone' };
    const outcome = await senderResolvingTo('127.0.0.1', []).send(delivery(`http://oa.example.cn:${port}/`));
    expect(outcome).toEqual({ kind: 'refused', error: 'HTTP 410: gone' });
  });
});
