import { createServer, type Server, type Socket } from 'node:net';
import { AppConfig } from '../config/app-config.js';
import { MailSender, smtpUrlWithTimeouts } from './mail-sender.js';

describe('smtpUrlWithTimeouts', () => {
  it("adds the delivery time-out as each of nodemailer's time-outs", () => {
    expect(smtpUrlWithTimeouts('smtps://u:p%40ss@smtp.example.cn:465', 10_000)).toBe(
      'smtps://u:p%40ss@smtp.example.cn:465?connectionTimeout=10000&greetingTimeout=10000&socketTimeout=10000',
    );
  });

  it('keeps the time-outs and other options the URL sets itself', () => {
    expect(smtpUrlWithTimeouts('smtp://smtp.example.cn:25/?pool=true&socketTimeout=60000', 5_000)).toBe(
      'smtp://smtp.example.cn:25/?pool=true&socketTimeout=60000&connectionTimeout=5000&greetingTimeout=5000',
    );
  });
});

describe('MailSender', () => {
  let server: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // An SMTP server that stopped answering: it takes the connection and never greets.
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a server that does not answer after the delivery time-out, as a failure worth retrying', async () => {
    const config = Object.assign(new AppConfig(), {
      SMTP_URL: `smtp://127.0.0.1:${(server.address() as { port: number }).port}`,
      DELIVERY_TIMEOUT_MS: 300,
    });
    const sender = new MailSender(config);
    try {
      const outcome = await sender.send({ to: 'bayar@example.cn', subject: '新订单', text: '…', reference: 'd-1' });
      expect(outcome).toEqual({ kind: 'retry', error: expect.stringMatching(/timeout/i) });
    } finally {
      sender.onModuleDestroy();
    }
  });
});
