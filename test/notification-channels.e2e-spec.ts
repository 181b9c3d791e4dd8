import type { AppConfig } from '../src/config/app-config.js';
import { HOUR_MS, localDay, localMidnight } from '../src/kernel/time.js';
import { AliyunSmsGateway } from '../src/notifications/sms-aliyun.js';
import { TencentSmsGateway } from '../src/notifications/sms-tencent.js';
import { MovableClock, testClock } from './support/clock.js';
import { eventually } from './support/receiver.js';
import { MailStandIn, SmsStandIn, mailText } from './support/sms-stand-in.js';
import { API, type TestApp, startTestApp } from './support/test-app.js';
import { type LecturerFixture, World } from './support/world.js';

const TEMPLATES = { 'order.offered': 'SMS_OFFERED', 'order.accepted': 'SMS_ACCEPTED' };

describe('notifications by SMS and e-mail', () => {
  let t: TestApp;
  let w: World;
  const clock = new MovableClock();
  const sms = new SmsStandIn();
  const mail = new MailStandIn();

  beforeAll(async () => {
    await Promise.all([sms.start(), mail.start()]);
    t = await startTestApp(
      {
        JOB_QUEUE_POLL_MS: '100',
        SMTP_URL: mail.url,
        PUBLIC_URL: 'https://jiangshi.example.cn',
        SMS_PROVIDER: 'aliyun',
        SMS_ENDPOINT: sms.endpoint,
        SMS_PROTOCOL: 'http',
        SMS_ACCESS_KEY_ID: 'test-key',
        SMS_ACCESS_KEY_SECRET: 'test-secret',
        SMS_SIGN_NAME: '呼伦贝尔市委组织部',
        SMS_TEMPLATES: JSON.stringify(TEMPLATES),
      },
      clock,
    );
    w = await World.build(t);
  });
  afterEach(() => clock.reset());
  afterAll(async () => {
    await t?.close();
    await Promise.all([sms.stop(), mail.stop()]);
  });

  const settings = (token: string, body: object) => t.http().put(`${API}/me/notification-settings`).set(w.auth(token)).send(body);
  const QUIET = { from: '22:00', to: '07:00' };
  const deliveryOf = async (orderId: string, channel: string): Promise<any> => {
    const res = await t.http().get(`${API}/deliveries?limit=200`).set(w.auth());
    return (res.body.items as Array<{ orderId: string; channel: string }>).find((d) => d.orderId === orderId && d.channel === channel);
  };
  async function lecturerWithSms(phone = '13800138000'): Promise<LecturerFixture> {
    const lecturer = await w.lecturer();
    await settings(lecturer.token, { phone, channels: { sms: true, email: false }, quietHours: QUIET }).expect(200);
    return lecturer;
  }

  describe('settings', () => {
    it('starts with the inbox only and quiet hours 22:00–07:00', async () => {
      const res = await t.http().get(`${API}/me/notification-settings`).set(w.auth(w.branches.B.token));
      expect(res.body).toEqual({ phone: null, email: null, channels: { sms: false, email: false }, quietHours: QUIET });
    });

    it('takes back what it shows, null phone and address as none, and clears them so', async () => {
      const lecturer = await lecturerWithSms();
      const shown = (await t.http().get(`${API}/me/notification-settings`).set(w.auth(lecturer.token))).body;
      expect(shown.phone).toBe('13800138000');
      const cleared = { ...shown, phone: null, email: null, channels: { sms: false, email: false } };
      expect((await settings(lecturer.token, cleared)).body).toEqual(cleared);
      expect((await settings(lecturer.token, cleared)).status).toBe(200);
    });

    it('refuses SMS switched on with the phone sent as null', async () => {
      const res = await settings(w.branches.B.token, { phone: null, channels: { sms: true, email: false }, quietHours: QUIET });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    });

    it('names every field wanting at once: SMS without a phone and e-mail without an address', async () => {
      const res = await settings(w.branches.B.token, { channels: { sms: true, email: true }, quietHours: QUIET });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone', 'email']);
    });

    it('refuses quiet hours all day long (00:00–24:00), which held every SMS until a midnight, keeping the settings before', async () => {
      const lecturer = await lecturerWithSms();
      const before = (await t.http().get(`${API}/me/notification-settings`).set(w.auth(lecturer.token))).body;
      const res = await settings(lecturer.token, { ...before, quietHours: { from: '00:00', to: '24:00' } });
      expect([res.status, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, ['quietHours']]);
      expect((await t.http().get(`${API}/me/notification-settings`).set(w.auth(lecturer.token))).body).toEqual(before);
    });

    it('has the table keep the rule too: quiet hours all day long, or from 24:00, are refused however they are written', async () => {
      const lecturer = await lecturerWithSms();
      const write = (from: number, to: number) =>
        t.db.query(
          `UPDATE notification_settings SET quiet_from = $2, quiet_to = $3
             WHERE account_id = (SELECT id FROM accounts WHERE lecturer_id = $1)`,
          [lecturer.id, from, to],
        );
      await expect(write(0, 1440)).rejects.toThrow(/notification_settings_quiet_check/);
      await expect(write(1440, 420)).rejects.toThrow(/notification_settings_quiet_check/);
      await expect(write(1320, 1440)).resolves.toBeDefined();
    });

    it('takes a mobile number with spaces around it, as one pasted from a contact card', async () => {
      const res = await settings(w.branches.B.token, { phone: ' 13800138000 ', channels: { sms: true, email: false }, quietHours: QUIET });
      expect([res.status, res.body.phone]).toEqual([200, '13800138000']);
    });

    it('takes a mobile number typed in full-width digits, as Chinese input methods type them', async () => {
      const res = await settings(w.branches.B.token, {
        phone: '＋８６ １３８００１３８０００',
        channels: { sms: true, email: false },
        quietHours: QUIET,
      });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('13800138000');
    });

    it('keeps a Chinese mobile number in its plain 11 digits', async () => {
      const res = await settings(w.branches.B.token, {
        phone: '+86 138-0013-8000',
        channels: { sms: true, email: false },
        quietHours: QUIET,
      });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('13800138000');
    });

    it.each(['12800138000', '1380013800', '+1 415 555 0100'])('refuses %s as a phone number', async (phone) => {
      const res = await settings(w.branches.B.token, { phone, channels: { sms: false, email: false }, quietHours: QUIET });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
    });

    it('refuses SMS without a phone number and quiet hours that are not times', async () => {
      await settings(w.branches.B.token, { channels: { sms: true, email: false }, quietHours: QUIET }).expect(400);
      await settings(w.branches.B.token, { channels: { sms: false, email: false }, quietHours: { from: '25:00', to: '07:00' } }).expect(
        400,
      );
    });
  });

  it('e-mails the branch that its order was taken, once, in Chinese', async () => {
    const secretary = await w.account({ role: 'branch', branchId: w.branches.A.id });
    await settings(secretary.token, {
      email: 'zhibu@example.cn',
      channels: { sms: false, email: true },
      quietHours: { from: '00:00', to: '00:00' },
    }).expect(200);
    const lecturer = await w.lecturer();
    const id = (await w.post('/orders', World.customOrder(-1), w.branches.A.token)).id;
    await w.advance(id, lecturer, 'accepted');
    const delivery = await eventually(
      () => deliveryOf(id, 'email'),
      (d) => d?.status === 'sent',
    );
    const mails = mail.received.filter((m) => m.raw.includes(`<${delivery.id}@grassland-pioneer>`));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['zhibu@example.cn']);
    expect(mails[0].raw).toMatch(/^Subject: =\?UTF-8\?/im);
    expect(mailText(mails[0].raw)).toContain(`https://jiangshi.example.cn/branch/orders/${id}`);
  });

  it('sends the lecturer an SMS of an offer through Aliyun, as a template with parameters and the delivery as OutId', async () => {
    clock.set(localMidnight(localDay(testClock.now())) + 10 * HOUR_MS);
    const lecturer = await lecturerWithSms('13900139000');
    const id = (await w.post('/orders', World.customOrder(-1), w.branches.A.token)).id;
    await w.advance(id, lecturer, 'offered');
    const delivery = await eventually(
      () => deliveryOf(id, 'sms'),
      (d) => d?.status === 'sent',
    );
    expect(sms.sent.filter((s) => s.reference === delivery.id)).toEqual([
      {
        provider: 'aliyun',
        phone: '13900139000',
        templateCode: 'SMS_OFFERED',
        params: { title: '草原生态补奖政策解读', time: expect.stringMatching(/^\d\d-\d\d 00:30$/) },
        reference: delivery.id,
      },
    ]);
  });

  /** An offer made at 23:00 today to a lecturer told by SMS, and its SMS, held by quiet hours. */
  async function offerAt23(phone: string) {
    const today = localDay(testClock.now());
    clock.set(localMidnight(today) + 23 * HOUR_MS);
    const lecturer = await lecturerWithSms(phone);
    const id = (await w.post('/orders', World.customOrder(-1, { latestStart: World.at(5, '09:00') }), w.branches.A.token)).id;
    await w.post(`/orders/${id}/offer`, { lecturerId: lecturer.id, startsAt: World.at(3, '09:00') });
    const held = await eventually(
      () => deliveryOf(id, 'sms'),
      (d) => d?.notBefore !== null && d?.notBefore !== undefined,
    );
    return { today, lecturer, id, held };
  }
  /** Tomorrow 07:00 (the end of quiet hours) comes: the queue runs the held job now. */
  async function quietHoursEnd(today: number, heldId: string) {
    clock.set(localMidnight(today + 1) + 7 * HOUR_MS);
    await t.db.query(`UPDATE "${t.schema}_jobs"._private_jobs SET run_at = now() WHERE key = $1`, [heldId]);
  }

  it('holds an SMS made at 23:00 until 07:00, then sends it once', async () => {
    const { today, id, held } = await offerAt23('13700137000');
    expect(held).toMatchObject({
      status: 'pending',
      attempts: 0,
      notBefore: new Date(localMidnight(today + 1) + 7 * HOUR_MS).toISOString(),
    });
    expect(sms.sent.filter((s) => s.reference === held.id)).toEqual([]);
    await quietHoursEnd(today, held.id);
    await eventually(
      () => deliveryOf(id, 'sms'),
      (d) => d?.status === 'sent',
    );
    expect(sms.sent.filter((s) => s.reference === held.id)).toHaveLength(1);
  });

  it('does not send at 07:00 an SMS held overnight whose offer was answered meanwhile, and lists it as outdated', async () => {
    const { today, lecturer, id, held } = await offerAt23('13600136000');
    // The lecturer answers on the pages at 06:30, before the SMS may go.
    clock.set(localMidnight(today + 1) + 6.5 * HOUR_MS);
    await w.post(`/orders/${id}/accept`, {}, lecturer.token);
    await quietHoursEnd(today, held.id);
    const outdated = await eventually(
      () => deliveryOf(id, 'sms'),
      (d) => d?.status !== 'pending',
    );
    expect(outdated).toMatchObject({ status: 'outdated', lastError: expect.stringMatching(/^not sent: the offer is no longer open/) });
    expect(sms.sent.filter((s) => s.reference === held.id)).toEqual([]);
    const listed = await t.http().get(`${API}/deliveries?status=outdated`).set(w.auth()).expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(held.id);
  });

  describe('the SMS adapters against their endpoints', () => {
    const config = () =>
      ({
        SMS_ACCESS_KEY_ID: 'id',
        SMS_ACCESS_KEY_SECRET: 'secret',
        SMS_SIGN_NAME: '呼伦贝尔市委组织部',
        SMS_ENDPOINT: sms.endpoint,
        SMS_PROTOCOL: 'http',
        SMS_SDK_APP_ID: '1400000000',
        SMS_REGION: 'ap-guangzhou',
      }) as AppConfig;
    const message = {
      phone: '13800138000',
      templateCode: '1234567',
      params: { title: '党史', time: '12-03 09:00' },
      reference: 'delivery-1',
    };

    it('sends through Tencent Cloud with positional template parameters and the delivery as SessionContext', async () => {
      await expect(new TencentSmsGateway(config()).send(message)).resolves.toEqual({ kind: 'sent' });
      expect(sms.sent.at(-1)).toEqual({
        provider: 'tencent',
        phone: '+8613800138000',
        templateCode: '1234567',
        params: ['党史', '12-03 09:00'],
        reference: 'delivery-1',
      });
    });

    it('retries a gateway that answers 503, and not one that answers 400', async () => {
      sms.answer([503, 400]);
      const gateway = new AliyunSmsGateway(config());
      await expect(gateway.send(message)).resolves.toMatchObject({ kind: 'retry' });
      await expect(gateway.send(message)).resolves.toMatchObject({ kind: 'refused' });
    });
  });
});
