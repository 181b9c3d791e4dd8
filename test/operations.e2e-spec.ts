import { type TestApp, startTestApp } from './support/test-app.js';

/** What operators and client developers rely on: the API description, health, request ids. */
describe('operations', () => {
  let t: TestApp;

  // The first admin as an operator may set it up for a trial: a short name and password.
  const FIRST_ADMIN = { username: 'ad', password: 'admin' };

  beforeAll(async () => {
    t = await startTestApp({ INITIAL_ADMIN_USERNAME: FIRST_ADMIN.username, INITIAL_ADMIN_PASSWORD: FIRST_ADMIN.password });
  });
  afterAll(async () => t?.close());

  it('creates the first admin the environment names, whatever name and password the operator chose', async () => {
    const login = await t.http().post('/api/v1/auth/login').send(FIRST_ADMIN);
    expect([login.status, login.body.account?.role, login.body.account?.regionId]).toEqual([200, 'admin', undefined]);
  });

  const CONTRACT: Array<[string, string]> = [
    ['post', '/api/v1/auth/login'],
    ['get', '/api/v1/auth/me'],
    ['post', '/api/v1/accounts'],
    ['post', '/api/v1/regions'],
    ['get', '/api/v1/regions'],
    ['get', '/api/v1/regions/{id}'],
    ['patch', '/api/v1/regions/{id}'],
    ['post', '/api/v1/branches'],
    ['get', '/api/v1/branches'],
    ['get', '/api/v1/branches/{id}'],
    ['post', '/api/v1/lecturers'],
    ['get', '/api/v1/lecturers'],
    ['get', '/api/v1/lecturers/{id}'],
    ['patch', '/api/v1/lecturers/{id}'],
    ['put', '/api/v1/lecturers/{id}/availability'],
    ['get', '/api/v1/lecturers/{id}/availability'],
    ['get', '/api/v1/lecturers/{id}/schedule'],
    ['post', '/api/v1/courses'],
    ['get', '/api/v1/courses'],
    ['get', '/api/v1/courses/{id}'],
    ['post', '/api/v1/orders'],
    ['get', '/api/v1/orders'],
    ['get', '/api/v1/orders/{id}'],
    ['post', '/api/v1/orders/{id}/offer'],
    ['post', '/api/v1/orders/{id}/accept'],
    ['post', '/api/v1/orders/{id}/decline'],
    ['post', '/api/v1/orders/{id}/cancel'],
    ['post', '/api/v1/orders/{id}/reject'],
    ['post', '/api/v1/orders/{id}/complete'],
    ['post', '/api/v1/orders/{id}/rating'],
    ['get', '/api/v1/orders/{id}/candidates'],
    ['post', '/api/v1/scheduling/runs'],
    ['get', '/api/v1/scheduling/runs'],
    ['get', '/api/v1/scheduling/runs/{id}'],
    ['get', '/health'],
    ['get', '/api/v1/health'],
  ];

  it('names each operation of the OpenAPI document once and types its bodies as they are validated', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, { properties: Record<string, { type?: string; maxItems?: number }> }> };
    };
    const ids = Object.values(doc.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const schemas = doc.components.schemas;
    expect(schemas.WeeklyWindowDto.properties.weekday.type).toBe('integer');
    expect(schemas.PlaceOrderDto.properties.expectedAudience.type).toBe('integer');
    expect(schemas.AvailabilityDto.properties.weekly.maxItems).toBe(100);
    expect(schemas.CreateLecturerDto.properties.topics.maxItems).toBe(100);
  });

  it('describes every route of the contract in the OpenAPI document, with its body and responses', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const missing = CONTRACT.filter(([method, path]) => !doc.paths[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
    for (const [method, path] of CONTRACT) expect(Object.keys(doc.paths[path][method].responses).length).toBeGreaterThan(0);
    expect(doc.paths['/api/v1/orders'].post.requestBody).toBeDefined();
    for (const dto of [
      'PlaceOrderDto',
      'OfferDto',
      'AcceptDto',
      'CompleteDto',
      'RatingDto',
      'CreateLecturerDto',
      'AvailabilityDto',
      'CreateAccountDto',
      'RunDto',
      'OrderView',
    ]) {
      expect(doc.components.schemas[dto]).toBeDefined();
    }
    // Errors: problem+json with its schema, on every route; a header named once.
    const placing = doc.paths['/api/v1/orders'].post as unknown as {
      responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
      parameters: Array<{ name: string; in: string; required?: boolean }>;
    };
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429'])
      expect(placing.responses[status]?.content?.['application/problem+json'].schema.$ref).toBe('#/components/schemas/ProblemView');
    expect(doc.components.schemas.ProblemView).toBeDefined();
    expect(placing.parameters.filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')).toEqual([
      expect.objectContaining({ required: false }),
    ]);
    expect(doc.paths['/api/v1/regions'].post.responses['201']).toBeDefined();
    // The sign-in's own refusal beside the common ones: outside its window.
    expect(doc.paths['/api/v1/sign-in/{code}'].post.responses['410']).toBeDefined();
    // Both answers of a sign-in (recorded, or the same person again), and the photo as what it is.
    expect(Object.keys(doc.paths['/api/v1/sign-in/{code}'].post.responses)).toEqual(expect.arrayContaining(['200', '201']));
    const photo = doc.paths['/api/v1/evidence/{id}'].get.responses['200'] as { content?: Record<string, { schema?: { format?: string } }> };
    expect(photo.content?.['image/jpeg']?.schema?.format).toBe('binary');
    const ui = await t.http().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it.each(['/health', '/api/v1/health', '/api/v1/health?probe=1'])('reports the database as up on %s', async (path) => {
    const res = await t.http().get(path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const mine = await t.http().get('/health').set('X-Request-Id', 'trace-abc-123');
    expect(mine.headers['x-request-id']).toBe('trace-abc-123');
    const fresh = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
