import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { prepareDatabase } from '../../src/database/prepare.js';
import { freshSchemaName, testDatabaseUrl, testEnv } from '../support/test-app.js';

/** The demo logins the start-up banner prints: the demo city's three accounts, only while their passwords still work. */
describe('the demo logins of the start-up banner', () => {
  const config = loadConfig(testEnv(freshSchemaName(), { DEMO_DATA: 'on' }));
  const quiet = () => undefined;

  it('are printed after the first start, and after a later one', async () => {
    expect((await prepareDatabase(config, quiet)).demoLogins.map((d) => d.username)).toEqual(['admin', 'branch', 'lecturer']);
    expect((await prepareDatabase(config, quiet)).demoLogins).toHaveLength(3);
  });

  it('are not printed once the admin has changed its demo password', async () => {
    await prepareDatabase(config, quiet);
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`UPDATE "${config.DATABASE_SCHEMA}".accounts SET password_hash = $1 WHERE username = 'admin'`, [
        await hash('a-password-of-its-own'),
      ]);
    } finally {
      await client.end();
    }
    expect((await prepareDatabase(config, quiet)).demoLogins).toEqual([]);
  });
});
