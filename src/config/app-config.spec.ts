import { ConfigError, loadConfig } from './app-config.js';

describe(loadConfig.name, () => {
  it('gives typed defaults for an empty environment', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(3000);
    expect(sut.DEMO_DATA).toBe('on');
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.SCHEDULING_TOUR_MAX_NIGHTS).toBe(3);
    expect(sut.SCHEDULING_TOUR_TIME_BUDGET_MS).toBe(0);
  });

  it("lets a hall behind one shared address sign in by default: api.md's at least 300 a minute, per address", () => {
    const sut = loadConfig({});
    expect(Math.min(sut.SIGN_IN_PER_ADDRESS_PER_HOUR, sut.SIGN_IN_PER_CODE_PER_HOUR)).toBeGreaterThanOrEqual(300);
  });

  it('converts numbers from strings', () => {
    expect(
      loadConfig({ PORT: '8080', OFFER_TTL_MINUTES: '60', SCHEDULING_TOUR_MAX_NIGHTS: '0', SCHEDULING_TOUR_TIME_BUDGET_MS: '25000' }),
    ).toMatchObject({
      PORT: 8080,
      OFFER_TTL_MINUTES: 60,
      SCHEDULING_TOUR_MAX_NIGHTS: 0,
      SCHEDULING_TOUR_TIME_BUDGET_MS: 25_000,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/x'],
    ['DEMO_DATA', 'yes'],
    ['JWT_SECRET', 'short'],
    ['DATABASE_SCHEMA', 'Drop Table'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'any proxy at all'],
    ['SCHEDULING_TOUR_MAX_NIGHTS', '-1'],
    ['SCHEDULING_TOUR_MAX_NIGHTS', '2.5'],
    ['SCHEDULING_TOUR_MAX_NIGHTS', '30'],
    ['SCHEDULING_TOUR_TIME_BUDGET_MS', '-1'],
    ['SCHEDULING_TOUR_TIME_BUDGET_MS', 'soon'],
  ])('stops on a bad %s (%s) with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it.each([
    [undefined, false],
    ['off', false],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('reads TRUST_PROXY=%s as the trust proxy setting %j (believes no X-Forwarded-For by default)', (value, setting) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy()).toEqual(setting);
  });

  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '8080' }, 'http://localhost:8080'],
    [{ PORT: '8080', PUBLIC_URL: 'https://jiangshi.example.cn' }, 'https://jiangshi.example.cn'],
  ])('links e-mails from %j to %s', (env, origin) => {
    expect(loadConfig(env).publicOrigin()).toBe(origin);
  });

  it('stops on a PUBLIC_URL with a path', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'https://jiangshi.example.cn/app' })).toThrow(/PUBLIC_URL=/);
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', DEMO_DATA: 'maybe' })).toThrow(/PORT=[\s\S]*DEMO_DATA=|DEMO_DATA=[\s\S]*PORT=/);
  });

  it('shows a value of the wrong kind as it was given, and says only that it is of the wrong kind', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration:\n {2}PORT="abc": PORT must be an integer number$/);
  });

  it('says a number out of range is out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": PORT must not be greater than 65535$/);
  });

  it('names a rejected secret without printing it', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(
      /JWT_SECRET=\(value not shown\): JWT_SECRET must be at least 32 characters$/,
    );
  });

  it('takes any initial admin the login form takes, a short password too (warned of at start-up, not refused)', () => {
    expect(loadConfig({ INITIAL_ADMIN_USERNAME: 'ad', INITIAL_ADMIN_PASSWORD: 'admin' })).toMatchObject({
      INITIAL_ADMIN_USERNAME: 'ad',
      INITIAL_ADMIN_PASSWORD: 'admin',
    });
  });

  it('wants the initial admin username and password together', () => {
    expect(() => loadConfig({ INITIAL_ADMIN_USERNAME: 'root' })).toThrow(/INITIAL_ADMIN_USERNAME and INITIAL_ADMIN_PASSWORD/);
  });

  it.each([
    ['SCHEDULING_DAY_PARTS', 'not json'],
    ['SCHEDULING_DAY_PARTS', '[]'],
    ['SCHEDULING_WEIGHTS', '{"travelPerKm": -1}'],
  ])('stops on a scheduler setting that does not make sense: %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('takes a custom slot grid and weights', () => {
    const sut = loadConfig({
      SCHEDULING_DAY_PARTS: '[{"name":"day","start":"10:00","formats":["on_site"]}]',
      SCHEDULING_WEIGHTS: '{"travelPerKm":2}',
    });
    expect(sut.slotModel()?.parts[0].start).toBe('10:00');
    expect(sut.weights()).toEqual({ travelPerKm: 2 });
  });

  describe('the evidence bucket', () => {
    const bucket = { EVIDENCE_S3_BUCKET: 'grassland-evidence', EVIDENCE_S3_REGION: 'cn-north-1' };

    it('is off by default: photos go under DATA_DIR', () => {
      expect(loadConfig({}).EVIDENCE_S3_BUCKET).toBeUndefined();
    });

    it('takes a bucket with its region, endpoint and keys', () => {
      const sut = loadConfig({
        ...bucket,
        EVIDENCE_S3_ENDPOINT: 'https://minio.example:9000',
        EVIDENCE_S3_ACCESS_KEY_ID: 'id',
        EVIDENCE_S3_SECRET_ACCESS_KEY: 'secret',
      });
      expect(sut).toMatchObject({ ...bucket, EVIDENCE_S3_ENDPOINT: 'https://minio.example:9000', EVIDENCE_S3_PREFIX: 'evidence/' });
    });

    it.each([
      [{ EVIDENCE_S3_BUCKET: 'grassland-evidence' }, /EVIDENCE_S3_REGION: required/],
      [{ ...bucket, EVIDENCE_S3_ACCESS_KEY_ID: 'id' }, /must be set together/],
      [{ EVIDENCE_S3_REGION: 'cn-north-1' }, /set EVIDENCE_S3_BUCKET too/],
      [{ ...bucket, EVIDENCE_S3_BUCKET: 'Not_A_Bucket' }, /EVIDENCE_S3_BUCKET=/],
      [{ ...bucket, EVIDENCE_S3_ENDPOINT: 'minio:9000' }, /EVIDENCE_S3_ENDPOINT=/],
      [{ ...bucket, EVIDENCE_S3_PREFIX: 'no-slash' }, /EVIDENCE_S3_PREFIX=/],
    ])('stops on settings that do not fit together: %j', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});
