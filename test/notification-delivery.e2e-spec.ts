import type { Page } from 'playwright-core';
import { createApp } from '../src/bootstrap.js';
import { createRootLogger } from '../src/common/logging.js';
import { loadConfig } from '../src/config/app-config.js';
import { DeliveryWorker } from '../src/notifications/delivery-worker.js';
import { testClock } from './support/clock.js';
import { eventually, NO_ANSWER, WebhookReceiver } from './support/receiver.js';
import { API, type TestApp, startTestApp, testDatabaseUrl, testEnv } from './support/test-app.js';
import { World } from './support/world.js';
import { clickTo, launchBrowser, logIn, newContext, newPage, overflowX, VIEWPORTS } from './web-browser.js';

describe('notifications: delivery from the job queue (webhooks)', () => {
  let t: TestApp;
  let w: World;
  let bannerAdminA: string;
  let bannerAdminAName: string;
  let bannerAdminB: string;
  const receiver = new WebhookReceiver();
  let hookId: string;
  /** A webhook call may take 1 s: a receiver that does not answer fails its attempt that soon. */
  const QUEUE_ENV = { JOB_QUEUE_POLL_MS: '100', DELIVERY_TIMEOUT_MS: '1000' };

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(QUEUE_ENV);
    w = await World.build(t);
    ({ token: bannerAdminA, username: bannerAdminAName } = await w.account({ role: 'admin', regionId: w.banners.A.id }));
    bannerAdminB = (await w.account({ role: 'admin', regionId: w.banners.B.id })).token;
    const hook = await w.post(
      '/webhooks',
      { url: receiver.url, events: ['order.placed', 'order.cancelled'], description: '旗委办公系统' },
      bannerAdminA,
    );
    hookId = hook.id;
    receiver.secret = hook.secret;
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const place = async (branch: 'A' | 'B' = 'A'): Promise<string> =>
    (await w.post('/orders', World.customOrder(3), w.branches[branch].token)).id;
  const deliveryOf = async (orderId: string, token = bannerAdminA): Promise<any> => {
    const res = await t.http().get(`${API}/webhooks/${hookId}/deliveries?limit=200`).set(w.auth(token));
    return (res.body.items as Array<{ orderId: string }>).find((d) => d.orderId === orderId);
  };
  /** Drives the queue's time: a job waiting for its backoff runs now. */
  const retryNow = (deliveryId: string) =>
    t.db.query(`UPDATE "${t.schema}_jobs"._private_jobs SET run_at = now() WHERE key = $1`, [deliveryId]);

  it('posts an event of its scope to the webhook, signed as Standard Webhooks says', async () => {
    const id = await place();
    const delivery = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    expect(receiver.of(id)).toEqual([{ webhookId: delivery.id, type: 'order.placed', orderId: id, verified: true, status: 200 }]);
    expect(delivery).toMatchObject({ channel: 'webhook', event: 'order.placed', attempts: 1, lastError: null });
  });

  it("posts nothing of a branch outside the webhook's scope, nor events it did not ask for", async () => {
    const other = await place('B');
    const mine = await place('A');
    await w.post(`/orders/${mine}/reject`, { reason: '重复' });
    await eventually(
      () => deliveryOf(mine),
      (d) => d?.status === 'sent',
    );
    expect(receiver.of(other)).toEqual([]);
    expect(receiver.of(mine).map((r) => r.type)).toEqual(['order.placed']);
  });

  it("shows a city webhook's deliveries, named by its URL, to the city's admins only: a banner's admin neither lists nor retries them", async () => {
    const cityHook = await w.post('/webhooks', { url: `${receiver.url}?access_token=city-token`, events: ['order.cancelled'] });
    try {
      const id = await place();
      await w.post(`/orders/${id}/cancel`, { reason: '改期' }, w.branches.A.token);
      const ofCityHook = async (token: string) =>
        eventually(
          async () =>
            ((await t.http().get(`${API}/deliveries?limit=200`).set(w.auth(token))).body.items as any[]).find(
              (d) => d.orderId === id && d.webhookId === cityHook.id,
            ),
          (d) => d !== undefined,
        );
      const delivery = await ofCityHook(w.adminToken);
      expect(delivery.recipient).toBe(`${receiver.url}?access_token=city-token`);
      // The banner's admin sees its own webhook's deliveries of its branch's events, not the city's.
      const bannerList = (await t.http().get(`${API}/deliveries?limit=200`).set(w.auth(bannerAdminA))).body.items as any[];
      expect(bannerList.filter((d) => d.webhookId === cityHook.id)).toEqual([]);
      expect((await t.http().post(`${API}/deliveries/${delivery.id}/retry`).set(w.auth(bannerAdminA))).status).toBe(404);
      const own = ((await t.http().get(`${API}/deliveries?limit=200`).set(w.auth(bannerAdminA))).body.items as any[]).find(
        (d) => d.orderId === id && d.webhookId === hookId,
      );
      expect(own.recipient).toBe(receiver.url);
    } finally {
      await t.http().delete(`${API}/webhooks/${cityHook.id}`).set(w.auth());
    }
  });

  /** An order of branch A whose calls the receiver answers with `statuses` first. */
  async function placeAnswered(title: string, statuses: number[]): Promise<string> {
    receiver.answer(title, statuses);
    return (await w.post('/orders', World.customOrder(3, { title }), w.branches.A.token)).id;
  }

  it('retries a receiver that answers 500 three times, and delivers once when it answers 200', async () => {
    const id = await placeAnswered('三次失败', [500, 500, 500]);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const failed = await eventually(
        () => deliveryOf(id),
        (d) => d?.attempts === attempt,
      );
      expect(failed).toMatchObject({ status: 'pending', lastError: 'HTTP 500' });
      await retryNow(failed.id);
    }
    const sent = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    expect(sent.attempts).toBe(4);
    const calls = receiver.of(id);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 500, 200]);
    // One delivery: every attempt carries the same webhook-id, so the receiver can tell a retry from a new event.
    expect(new Set(calls.map((c) => c.webhookId))).toEqual(new Set([sent.id]));
  });

  it('retries a receiver that did not answer within the time-out, and delivers once when it answers', async () => {
    const id = await placeAnswered('一次超时', [NO_ANSWER]);
    const sent = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    // The receiver rested after the time-out; the delivery's job came after the rest and called it.
    expect(sent.attempts).toBe(2);
    expect(receiver.of(id).map((c) => c.status)).toEqual([NO_ANSWER, 200]);
  });

  it('does not retry a receiver that answers 400, and lists the delivery as failed for admins', async () => {
    const id = await placeAnswered('请求被拒', [400]);
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: 'HTTP 400', retryable: true });
    const jobs = await t.db.query(`SELECT 1 FROM "${t.schema}_jobs"._private_jobs WHERE key = $1`, [failed.id]);
    expect(jobs).toEqual([]);
    const list = await t.http().get(`${API}/deliveries?status=failed`).set(w.auth(bannerAdminA));
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(failed.id);
    expect(receiver.of(id)).toHaveLength(1);
  });

  it('calls once a receiver that answers 400 with a NUL in its answer, and lists the delivery as failed with the answer kept', async () => {
    receiver.answer('零字节', [400], 'bad\u0000request');
    const id = (await w.post('/orders', World.customOrder(3, { title: '零字节' }), w.branches.A.token)).id;
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: 'HTTP 400: badrequest' });
    expect(receiver.of(id)).toHaveLength(1);
  });

  it('delivers a failed delivery retried by hand', async () => {
    const id = await placeAnswered('手动重试', [400]);
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    const res = await t.http().post(`${API}/deliveries/${failed.id}/retry`).set(w.auth(bannerAdminA));
    expect(res.status).toBe(200);
    const sent = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    // The log keeps every attempt, the one before the retry by hand too; the receiver saw both calls.
    expect(sent.attempts).toBe(2);
    expect(receiver.of(id).map((c) => c.status)).toEqual([400, 200]);
  });

  it('refuses a second retry by hand while the first is being sent (409), and calls the receiver once for it', async () => {
    const id = await placeAnswered('重试进行中', [400, 400]);
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    receiver.slow('重试进行中', 600);
    await t.http().post(`${API}/deliveries/${failed.id}/retry`).set(w.auth(bannerAdminA)).expect(200);
    await eventually(
      () => Promise.resolve(receiver.of(id).length),
      (n) => n === 2,
    );
    const second = await t.http().post(`${API}/deliveries/${failed.id}/retry`).set(w.auth(bannerAdminA));
    expect({ status: second.status, code: second.body.code }).toEqual({ status: 409, code: 'DELIVERY_NOT_FAILED' });
    await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed' && d.attempts === 2,
    );
    expect(receiver.of(id).map((c) => c.status)).toEqual([400, 400]);
  });

  it('refuses a webhook URL that carries a user name or password, which every admin of the scope would read', async () => {
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set(w.auth(bannerAdminA))
      .send({ url: receiver.url.replace('http://', 'http://office:secret@'), events: ['order.placed'] });
    expect({ status: res.status, code: res.body.code, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['url'],
    });
  });

  it('makes no further attempt for a webhook deleted while its delivery waits for a retry, and lists it as failed', async () => {
    const hook = await w.post('/webhooks', { url: receiver.url, events: ['order.placed'] }, bannerAdminB);
    receiver.answer('删除后不再重试', [500]);
    const orderId = (await w.post('/orders', World.customOrder(3, { title: '删除后不再重试' }), w.branches.B.token)).id;
    const waiting = await eventually(
      async () => {
        const res = await t.http().get(`${API}/webhooks/${hook.id}/deliveries`).set(w.auth(bannerAdminB));
        return (res.body.items as Array<{ id: string; orderId: string; attempts: number }>).find((d) => d.orderId === orderId);
      },
      (d) => d?.attempts === 1,
    );
    if (!waiting) throw new Error('the delivery was not attempted');
    expect((await t.http().delete(`${API}/webhooks/${hook.id}`).set(w.auth(bannerAdminB))).status).toBe(204);
    await retryNow(waiting.id);
    const failed = await eventually(
      async () => {
        const res = await t.http().get(`${API}/deliveries?status=failed`).set(w.auth(bannerAdminB));
        return (res.body.items as Array<{ id: string }>).find((d) => d.id === waiting.id);
      },
      (d) => d !== undefined,
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, lastError: 'the webhook was deleted', retryable: false });
    expect(receiver.of(orderId).map((c) => c.status)).toEqual([500]);
    // Nor is it retried by hand: there is nobody left to call.
    const retried = await t.http().post(`${API}/deliveries/${waiting.id}/retry`).set(w.auth(bannerAdminB));
    expect({ status: retried.status, code: retried.body.code }).toEqual({ status: 409, code: 'DELIVERY_WEBHOOK_DELETED' });
    const after = await t.http().get(`${API}/deliveries?status=failed`).set(w.auth(bannerAdminB));
    expect(after.body.items.find((d: { id: string }) => d.id === waiting.id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('queues again a delivery whose job was lost, and delivers it once', async () => {
    const id = await placeAnswered('丢失的任务', [503]);
    const retrying = await eventually(
      () => deliveryOf(id),
      (d) => d?.attempts === 1,
    );
    await t.db.query(`DELETE FROM "${t.schema}_jobs"._private_jobs WHERE key = $1`, [retrying.id]);
    await t.db.query(`UPDATE notification_deliveries SET updated_at = now() - interval '3 hours' WHERE id = $1`, [retrying.id]);
    await expect(t.app.get(DeliveryWorker).requeueStale()).resolves.toBe(1);
    await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    expect(receiver.of(id).map((c) => c.status)).toEqual([503, 200]);
  });

  it('records a batch that cannot be recorded whole delivery by delivery: the others sent once, the broken one queued on its own job', async () => {
    // Deliveries of these orders wait (not_before) until all are written, so that one drain takes them together.
    await t.db.query(`
      CREATE FUNCTION test_gate_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.not_before := 'infinity'; RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER test_gate_deliveries_trg BEFORE INSERT ON notification_deliveries
      FOR EACH ROW EXECUTE FUNCTION test_gate_deliveries()`);
    // The fault: recording an attempt of one order's delivery breaks the transaction it is in.
    await t.db.query(`
      CREATE FUNCTION test_break_recording() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT e.data->>'title' FROM notification_events e WHERE e.id = NEW.event_id) = '记录故障' THEN
          RAISE EXCEPTION 'recording broke';
        END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`CREATE TRIGGER test_break_recording_trg BEFORE UPDATE OF attempts ON notification_deliveries
      FOR EACH ROW EXECUTE FUNCTION test_break_recording()`);
    let broken: string;
    let healthy: string[];
    try {
      broken = await placeAnswered('记录故障', []);
      healthy = [await placeAnswered('同批之一', []), await placeAnswered('同批之二', [])];
    } finally {
      await t.db.query(`DROP TRIGGER test_gate_deliveries_trg ON notification_deliveries`);
      await t.db.query(`DROP FUNCTION test_gate_deliveries()`);
    }
    await t.db.query(`UPDATE notification_deliveries SET not_before = NULL WHERE not_before = 'infinity'`);
    try {
      // The batch was sent, then its record broke: its other deliveries are recorded one by one, sent once.
      for (const id of healthy) {
        const sent = await eventually(
          () => deliveryOf(id),
          (d) => d?.status === 'sent',
        );
        expect(sent.attempts).toBe(1);
        expect(receiver.of(id).map((c) => [c.webhookId, c.status])).toEqual([[sent.id, 200]]);
      }
      // The one that breaks every transaction it is in is not lost: pending, with a job of its own (backing off).
      const waiting = await eventually(
        () => deliveryOf(broken),
        (d) => d?.notBefore !== null,
      );
      expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
      const jobs = await t.db.query(`SELECT 1 FROM "${t.schema}_jobs"._private_jobs WHERE key = $1`, [waiting.id]);
      expect(jobs).toHaveLength(1);
    } finally {
      await t.db.query(`DROP TRIGGER test_break_recording_trg ON notification_deliveries`);
      await t.db.query(`DROP FUNCTION test_break_recording()`);
    }
    // Mended, its job delivers it, recorded once; every call it made carried its one id.
    const id = (await deliveryOf(broken)).id as string;
    await retryNow(id);
    const sent = await eventually(
      () => deliveryOf(broken),
      (d) => d?.status === 'sent',
    );
    expect(sent.attempts).toBe(1);
    expect(new Set(receiver.of(broken).map((c) => c.webhookId))).toEqual(new Set([id]));
  });

  it('refuses to retry a delivery that did not fail (409)', async () => {
    const id = await place();
    const sent = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'sent',
    );
    const res = await t.http().post(`${API}/deliveries/${sent.id}/retry`).set(w.auth(bannerAdminA));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DELIVERY_NOT_FAILED');
  });

  it("keeps a banner's webhooks and deliveries from another banner's admin", async () => {
    const id = await placeAnswered('他旗不可见', [400]);
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    const hooks = await t.http().get(`${API}/webhooks`).set(w.auth(bannerAdminB));
    expect(hooks.body.items).toEqual([]);
    await t.http().get(`${API}/webhooks/${hookId}/deliveries`).set(w.auth(bannerAdminB)).expect(404);
    await t.http().post(`${API}/deliveries/${failed.id}/retry`).set(w.auth(bannerAdminB)).expect(404);
    const list = await t.http().get(`${API}/deliveries?status=failed`).set(w.auth(bannerAdminB));
    // Banner B's own failures (another test's) are its to see; banner A's are not.
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(failed.id);
    await t
      .http()
      .post(`${API}/webhooks`)
      .set(w.auth(w.branches.A.token))
      .send({ url: receiver.url, events: ['order.placed'] })
      .expect(403);
  });

  it('refuses a webhook for an event that does not exist', async () => {
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set(w.auth(bannerAdminA))
      .send({ url: receiver.url, events: ['order.exploded'] });
    expect(res.status).toBe(400);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://0.0.0.0:8080/',
    'http://[fe80::1]/',
    'http://[::a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://224.0.0.1/',
  ])('refuses a webhook to %s, an address webhooks may not reach: 400 WEBHOOK_URL_FORBIDDEN', async (url) => {
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set(w.auth(bannerAdminA))
      .send({ url, events: ['order.placed'] });
    expect({ status: res.status, type: res.type, code: res.body.code }).toEqual({
      status: 400,
      type: 'application/problem+json',
      code: 'WEBHOOK_URL_FORBIDDEN',
    });
  });

  it('refuses a webhook URL with an IPv6 zone, which no call can use: 400 VALIDATION_FAILED naming the url', async () => {
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set(w.auth(bannerAdminA))
      .send({ url: 'http://[fe80::1%25lo]/x', events: ['order.placed'] });
    expect({ status: res.status, code: res.body.code, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['url'],
    });
  });

  it('refuses at delivery, without a call and for good, a webhook left pointing at a link-local address', async () => {
    const hook = await w.post('/webhooks', { url: receiver.url, events: ['order.placed'] }, bannerAdminA);
    // As a subscription made before the rule would be.
    await t.db.query(`UPDATE webhooks SET url = 'http://169.254.169.254/latest/meta-data/' WHERE id = $1`, [hook.id]);
    try {
      const orderId = await place();
      const failed = await eventually(
        async () => {
          const res = await t.http().get(`${API}/webhooks/${hook.id}/deliveries`).set(w.auth(bannerAdminA));
          return (res.body.items as Array<{ orderId: string; status: string }>).find((d) => d.orderId === orderId);
        },
        (d) => d?.status === 'failed',
      );
      expect(failed).toMatchObject({ attempts: 1, lastError: '169.254.169.254: an address webhooks may not reach' });
    } finally {
      await t.http().delete(`${API}/webhooks/${hook.id}`).set(w.auth(bannerAdminA));
    }
  });

  it("runs the offer sweep and the timed events on the queue's schedule", async () => {
    const crontabs: Array<{ identifier: string }> = await t.db.query(
      `SELECT identifier FROM "${t.schema}_jobs"._private_known_crontabs ORDER BY 1`,
    );
    expect(crontabs.map((c) => c.identifier)).toEqual(['expire_offers', 'notify_timed', 'requeue_stale_deliveries']);
  });

  it('returns an expired offer to the queue when the sweep job runs', async () => {
    const lecturer = await w.lecturer();
    const id = (await w.post('/orders', World.customOrder(-1), w.branches.A.token)).id;
    await w.advance(id, lecturer, 'offered');
    await t.db.query(`UPDATE orders SET offer_expires_at = $2 WHERE id = $1`, [id, new Date(testClock.now() - 60_000)]);
    await t.db.query(`SELECT "${t.schema}_jobs".add_job('expire_offers', '{}'::json)`);
    await eventually(
      async () => (await t.db.query(`SELECT status FROM orders WHERE id = $1`, [id]))[0].status,
      (status) => status === 'pending',
    );
  });

  it('makes each delivery once with two app instances on one database', async () => {
    const config = loadConfig(testEnv(t.schema, QUEUE_ENV));
    const second = await createApp(config, testDatabaseUrl(), createRootLogger(config.LOG_LEVEL), testClock);
    await second.init();
    try {
      // Half the receiver's first answers are 503: their retries race between the instances too.
      const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => placeAnswered(`双实例 ${i}`, i % 2 === 0 ? [503] : [])));
      const settled = async () => {
        const all = await Promise.all(ids.map((id) => deliveryOf(id)));
        for (const d of all) if (d?.status === 'pending' && d.attempts > 0) await retryNow(d.id);
        return all;
      };
      const deliveries = await eventually(settled, (all) => all.every((d) => d?.status === 'sent'));
      for (const [i, id] of ids.entries()) {
        expect(receiver.of(id).map((c) => c.status)).toEqual(i % 2 === 0 ? [503, 200] : [200]);
        expect(deliveries[i].attempts).toBe(receiver.of(id).length);
      }
    } finally {
      await second.close();
    }
  });

  /** `work` on a phone signed in as banner A's admin, with one more failed delivery (of an order titled `title`). */
  const onPhoneWithFailed = async (
    title: string,
    work: (page: Page & { errors: string[] }, failed: any) => Promise<void>,
    statuses: number[] = [410],
  ) => {
    const id = await placeAnswered(title, statuses);
    const failed = await eventually(
      () => deliveryOf(id),
      (d) => d?.status === 'failed',
    );
    const browser = await launchBrowser();
    try {
      const page = await newPage(await newContext(browser, VIEWPORTS[0]));
      await logIn(page, t.url, bannerAdminAName, 'password-123');
      await work(page, failed);
      expect(page.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  };

  it("lists failed deliveries on the admins' page, where one is retried by hand", async () => {
    await onPhoneWithFailed('页面重试', async (page, failed) => {
      await clickTo(page, 'nav a:has-text("投递失败")', /\/admin\/deliveries$/);
      const row = page.locator('tr', { has: page.locator(`form[action="/admin/deliveries/${failed.id}/retry"]`) });
      const text = await row.textContent();
      // In Chinese, with the error as it came, and whom it was for (the webhook's URL).
      expect(text).toContain('对方拒收（HTTP 410），不再重试');
      expect(text).toContain(failed.recipient);
      expect(failed.recipient).toMatch(/^http:\/\//);
      await clickTo(page, `form[action="/admin/deliveries/${failed.id}/retry"] button`, /\/admin\/deliveries\?done=retried/);
      await eventually(
        () => deliveryOf(failed.orderId),
        (d) => d?.status === 'sent',
      );
    });
  });

  it('retries once a failure whose retry form is sent twice, the second from a page shown before the first retry failed', async () => {
    await onPhoneWithFailed(
      '重复提交',
      async (page, failed) => {
        const button = `form[action="/admin/deliveries/${failed.id}/retry"] button`;
        const stale = await newPage(page.context());
        for (const p of [stale, page]) await p.goto(`${t.url}/admin/deliveries`);
        await clickTo(page, button, /\/admin\/deliveries\?done=retried/);
        await eventually(
          () => deliveryOf(failed.orderId),
          (d) => d?.status === 'failed' && d.attempts === 2,
        );
        await clickTo(stale, button, /\/admin\/deliveries\?error=DELIVERY_NOT_FAILED/);
        expect(receiver.of(failed.orderId)).toHaveLength(2);
        expect(stale.errors).toEqual([]);
      },
      [410, 410],
    );
  });

  it("shows a failed delivery's retry button on a phone, scrolled to vertically, with no sideways scrolling", async () => {
    await onPhoneWithFailed('手机上重试', async (page, failed) => {
      await page.goto(`${t.url}/admin/deliveries`);
      const retry = page.locator(`form[action="/admin/deliveries/${failed.id}/retry"] button`);
      await retry.scrollIntoViewIfNeeded();
      // The button lies whole within the screen's width, its box not scrolled sideways (nor able to be).
      const where = await retry.evaluate((button) => {
        const box = button.closest('.table-wrap')!;
        const r = button.getBoundingClientRect();
        return { left: r.left, right: r.right, boxScrolled: box.scrollLeft, boxScrolls: box.scrollWidth > box.clientWidth };
      });
      expect(where).toEqual({ left: expect.any(Number), right: expect.any(Number), boxScrolled: 0, boxScrolls: false });
      expect(where.left).toBeGreaterThanOrEqual(0);
      expect(where.right).toBeLessThanOrEqual(VIEWPORTS[0].width);
      await expect(retry.isVisible()).resolves.toBe(true);
      await expect(overflowX(page)).resolves.toBe(0);
    });
  });

  it("names each cell of a failed delivery on a phone, the row's cells one under another", async () => {
    await onPhoneWithFailed('手机上看错误', async (page, failed) => {
      await page.goto(`${t.url}/admin/deliveries`);
      const row = page.locator('tr', { has: page.locator(`form[action="/admin/deliveries/${failed.id}/retry"]`) });
      const error = row.locator('td', { hasText: '对方拒收（HTTP 410）' });
      await expect(error.evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td, '::before').content)).resolves.toBe(
        '"最后的错误"',
      );
      const recipient = row.locator('td', { hasText: failed.recipient });
      const [above, below] = [await recipient.boundingBox(), await error.boundingBox()];
      expect(below!.y).toBeGreaterThanOrEqual(above!.y + above!.height);
    });
  });
});
