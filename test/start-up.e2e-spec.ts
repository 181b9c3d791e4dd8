import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { exited, freePort } from './support/processes.js';
import { freshSchemaName, testEnv } from './support/test-app.js';

/** The built entry point `file` run to its end with `env`: its exit code and what it wrote on stderr. */
async function runToEnd(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return { code: await exited(child), stderr };
}

/** What an operator who made a mistake reads: one sentence that says what to do, then the exit. */
describe('a start that cannot work', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    taken = createServer().listen(port, '127.0.0.1');
  });
  afterAll(() => new Promise((done) => taken.close(done)));

  it('says that the HTTP port is taken, without a stack trace, and exits 1', async () => {
    const { code, stderr } = await runToEnd('dist/src/main.js', testEnv(freshSchemaName(), { PORT: String(port), HOST: '127.0.0.1' }));
    expect({ code, said: stderr.trim().split('\n').at(-1) }).toEqual({
      code: 1,
      said: `Start-up failed: Port ${port} is taken: set PORT to a free port (or stop what listens there).`,
    });
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('names the wrong setting of `npm run migration:run`, as `npm start` does, without a stack trace, and exits 1', async () => {
    const { code, stderr } = await runToEnd('dist/src/database/migrate-cli.js', testEnv(freshSchemaName(), { LOG_LEVEL: 'loud' }));
    expect({ code, said: stderr.trim() }).toEqual({
      code: 1,
      said: expect.stringMatching(/^Invalid configuration:\n {2}LOG_LEVEL="loud": LOG_LEVEL must be one of/) as unknown,
    });
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
