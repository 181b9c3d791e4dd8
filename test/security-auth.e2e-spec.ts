import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { API, type TestApp, createAdmin, login, startSecondInstance, startTestApp } from './support/test-app.js';

const SECRET = 'test-secret-test-secret-test-secret-42';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { code?: string; errors?: Array<{ field: string }> } & Record<string, unknown>;
}

interface Call {
  /** The loopback address the request comes from: each test guesses from addresses of its own. */
  from?: string;
  method?: string;
  headers?: Record<string, string>;
  /** JSON (an object, or raw text) or a form (URLSearchParams). */
  body?: object | string;
}

/** One real HTTP request from a chosen source address (supertest cannot choose it). */
function call(base: string, path: string, { from = '127.0.0.1', method = 'GET', headers = {}, body }: Call = {}): Promise<Reply> {
  const payload =
    body === undefined
      ? undefined
      : body instanceof URLSearchParams
        ? body.toString()
        : typeof body === 'string'
          ? body
          : JSON.stringify(body);
  const type = body instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), {
      method,
      localAddress: from,
      headers: { ...(payload === undefined ? {} : { 'content-type': type, 'content-length': Buffer.byteLength(payload) }), ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: Reply['body'] = {};
        try {
          parsed = JSON.parse(text) as Reply['body'];
        } catch {
          // a page, not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.end(payload);
  });
}

/** The cookies a reply sets, as a request's Cookie header. */
const cookiesOf = (reply: Reply, before = ''): string =>
  [before, ...([] as string[]).concat(reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])].filter(Boolean).join('; ');

/** Logs in on the login page's form as a browser would (its CSRF token and cookie); the reply carries the session's cookie. */
async function logInOnPage(t: TestApp, username: string, password: string, from = '127.0.0.1'): Promise<Reply & { cookie: string }> {
  const page = await call(t.url, '/login', { from });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const cookie = cookiesOf(page);
  const body = new URLSearchParams({ username, password, _csrf: csrf });
  const res = await call(t.url, '/login', { from, method: 'POST', body, headers: { cookie } });
  return { ...res, cookie: cookiesOf(res, cookie) };
}

const logIn = (t: TestApp, username: string, password: string, from: string) =>
  call(t.url, `${API}/auth/login`, { method: 'POST', body: { username, password }, from });

const me = (t: TestApp, authorization: string, from: string, headers: Record<string, string> = {}) =>
  call(t.url, `${API}/auth/me`, { from, headers: { authorization, ...headers } });

/** A token signed with the app's secret, with exactly the claims given. */
function signedToken(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

describe('limits that a changed spelling does not get around (5 requests a minute, 3 login attempts)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REQUESTS_PER_MINUTE: '5', LOGIN_ATTEMPTS_PER_MINUTE: '3', REQUEST_TIMEOUT_SECONDS: '2' });
    await createAdmin(t, 'limits-admin', 'limits-admin-pw');
  });
  afterAll(async () => t?.close());

  it('counts a username however it is typed: spaces, case and full-width letters are one name', async () => {
    const from = '127.0.0.4';
    for (const name of ['  victim  ', 'VICTIM ', 'ｖｉｃｔｉｍ']) expect((await logIn(t, name, 'wrong-password', from)).status).toBe(401);
    const limited = await logIn(t, 'victim', 'wrong-password', from);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('counts made-up bearer tokens against the address they come from', async () => {
    const from = '127.0.0.5';
    for (let i = 0; i < 5; i++) expect((await me(t, `Bearer ${randomBytes(24).toString('hex')}`, from)).status).toBe(401);
    expect((await me(t, `Bearer ${randomBytes(24).toString('hex')}`, from)).status).toBe(429);
  });

  it("counts an account's requests together, whatever the scheme's spelling and however many tokens it holds", async () => {
    const token = await login(t, 'limits-admin', 'limits-admin-pw');
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'BeArEr', 'bEARER'])
      expect((await me(t, `${scheme} ${token}`, '127.0.0.6')).status).toBe(200);
    const fresh = (await logIn(t, 'limits-admin', 'limits-admin-pw', '127.0.0.7')).body.accessToken as string;
    expect((await me(t, `Bearer ${fresh}`, '127.0.0.7')).status).toBe(429);
  });

  it('does not believe X-Forwarded-For unless TRUST_PROXY says so', async () => {
    const from = '127.0.0.8';
    for (let i = 0; i < 5; i++) expect((await me(t, 'Bearer x', from, { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
    expect((await me(t, 'Bearer x', from, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });

  it('counts against the same limits on every instance serving the database', async () => {
    const second = await startSecondInstance(t.schema, { REQUESTS_PER_MINUTE: '5' });
    try {
      const from = '127.0.0.9';
      for (let i = 0; i < 5; i++) expect((await call(i % 2 ? second.url : t.url, `${API}/auth/me`, { from })).status).toBe(401);
      expect((await call(second.url, `${API}/auth/me`, { from })).status).toBe(429);
    } finally {
      await second.app.close();
    }
  });

  it('answers 408 REQUEST_TIMEOUT and closes the connection of a request whose body trickles in past REQUEST_TIMEOUT_SECONDS', async () => {
    const port = new URL(t.url).port;
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let received = '';
      socket.on('error', reject);
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => {
        clearInterval(drip);
        resolve(received);
      });
      socket.write(`POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
      const drip = setInterval(() => socket.write(' '), 300);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(8000);
  }, 20_000);
});

describe('guessing from one address does not lock the owner out (3 attempts)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3' });
    await createAdmin(t, 'owner', 'owner-password');
    for (let i = 0; i < 3; i++) expect((await logIn(t, 'owner', 'guess-' + i, '127.0.0.2')).status).toBe(401);
    expect((await logIn(t, 'owner', 'guess-more', '127.0.0.2')).status).toBe(429);
  });
  afterAll(async () => t?.close());

  it('lets the owner log in through the API from another address while the guesser waits', async () => {
    expect((await logIn(t, 'owner', 'owner-password', '127.0.0.3')).status).toBe(200);
    expect((await logIn(t, 'owner', 'owner-password', '127.0.0.2')).status).toBe(429);
  });

  it('lets the owner log in on the login page from another address', async () => {
    const res = await logInOnPage(t, 'owner', 'owner-password', '127.0.0.10');
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/admin' });
  });
});

describe('wrong passwords from one address, over all usernames (3 attempts a username, 5 failures an address an hour)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3', LOGIN_FAILURES_PER_ADDRESS_PER_HOUR: '5' });
    await createAdmin(t, 'office-admin', 'office-admin-pw');
  });
  afterAll(async () => t?.close());

  it('refuses the address once it has tried wrong passwords on too many names, the right password included', async () => {
    const from = '127.0.0.20';
    for (let i = 0; i < 5; i++) expect((await logIn(t, `sprayed-${i}`, 'Winter2026!', from)).status).toBe(401);
    expect((await logIn(t, 'sprayed-5', 'Winter2026!', from)).body.code).toBe('RATE_LIMITED');
    expect((await logIn(t, 'office-admin', 'office-admin-pw', from)).status).toBe(429);
  });

  it("does not count the address's refusals against the username: a colleague refused while the address waits logs in once it may", async () => {
    const from = '127.0.0.22';
    for (let i = 0; i < 5; i++) expect((await logIn(t, `sprayed-${i}`, 'Winter2026!', from)).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await logIn(t, 'office-admin', 'office-admin-pw', from)).status).toBe(429);
    // The address's hour passes.
    await t.db.query(`DELETE FROM "${t.schema}".rate_limits WHERE key = $1`, [`login-addr:${from}`]);
    expect((await logIn(t, 'office-admin', 'office-admin-pw', from)).status).toBe(200);
  });

  it("does not count against the address the attempts that check no password: a username's wait, or a request that is no login", async () => {
    const from = '127.0.0.21';
    for (let i = 0; i < 3; i++) expect((await logIn(t, 'ghost', 'wrong', from)).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await logIn(t, 'ghost', 'wrong', from)).status).toBe(429);
    const notALogin = { method: 'POST', body: { username: 'someone', password: 'x', extra: 1 }, from };
    for (let i = 0; i < 10; i++) expect((await call(t.url, `${API}/auth/login`, notALogin)).status).toBe(400);
    expect((await logIn(t, 'office-admin', 'office-admin-pw', from)).status).toBe(200);
  });
});

describe('accounts, tokens and input', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t, 'root-admin', 'root-admin-pw');
  });
  afterAll(async () => t?.close());

  const createAccount = (username: string, password = 'grassland-2026') =>
    call(t.url, `${API}/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: { username, password, role: 'admin' },
    });

  it('answers a username holding a NUL character on the login page with a 400 page in Chinese, not a 500', async () => {
    const res = await logInOnPage(t, 'root-admin\u0000', 'root-admin-pw');
    expect(res.status).toBe(400);
    expect(res.text).toContain('填写的内容有误');
  });

  it("answers an admin page's search holding a NUL character with a 400 page, not a 500", async () => {
    const { cookie } = await logInOnPage(t, 'root-admin', 'root-admin-pw');
    const res = await call(t.url, '/admin/accounts?q=%00', { headers: { cookie } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it.each(['ROOT-ADMIN', 'ｒｏｏｔ-ａｄｍｉｎ', 'Root-Admin'])('refuses %s beside root-admin: 409 USERNAME_TAKEN', async (username) => {
    const res = await createAccount(username);
    expect({ status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({
      status: 409,
      code: 'USERNAME_TAKEN',
      errors: [expect.objectContaining({ field: 'username' })],
    });
  });

  it.each([
    ['mixing Cyrillic and Latin letters (а Cyrillic in аdmin)', 'аdmin'],
    ['with a dotless ı, which reads as admin', 'adm\u0131n'],
    ['with an Arabic-Indic digit, which reads as lecturer-1', 'lecturer-\u0661'],
  ])('refuses a username %s: 400 naming username', async (_label, username) => {
    const res = await createAccount(username);
    expect({ status: res.status, code: res.body.code, fields: res.body.errors?.map((e) => e.field) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['username'],
    });
  });

  it('logs in whatever the case the username is typed in', async () => {
    expect((await logIn(t, 'ROOT-Admin', 'root-admin-pw', '127.0.0.1')).status).toBe(200);
  });

  it.each([
    ['a most common password', 'common-user', '12345678'],
    ['the username again', 'branch-secretary', 'Branch-Secretary'],
    ['the username again, ending in digits', 'qs_3273a414', 'qs_3273a414'],
    ['the username with another number', 'saruul2025', 'saruul2026'],
    ['one character repeated', 'repeating-user', 'aaaaaaaaaa'],
  ])('refuses %s as a password: 400 naming password', async (_label, username, password) => {
    const res = await createAccount(username, password);
    expect({ status: res.status, code: res.body.code, fields: res.body.errors?.map((e) => e.field) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['password'],
    });
  });

  it('refuses a token without exp: 401 UNAUTHENTICATED', async () => {
    const claims = { sub: randomUUID(), usr: 'root-admin', role: 'admin', bid: null, lid: null, rid: null };
    const res = await me(t, `Bearer ${signedToken({ ...claims, iat: Math.floor(Date.now() / 1000) })}`, '127.0.0.1');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('marks authenticated API answers Cache-Control: no-store', async () => {
    const res = await me(t, `Bearer ${admin}`, '127.0.0.1');
    expect({ status: res.status, cacheControl: res.headers['cache-control'] }).toEqual({ status: 200, cacheControl: 'no-store' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'refuses a body with a %s key: 400 VALIDATION_FAILED',
    async (key) => {
      const raw = `{"username":"root-admin","password":"root-admin-pw","${key}":{"role":"admin"}}`;
      const res = await call(t.url, `${API}/auth/login`, { method: 'POST', body: raw });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    },
  );
});
