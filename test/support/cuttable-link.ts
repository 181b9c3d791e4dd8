import { createServer, type Socket, connect } from 'node:net';

/** The way from the browser to the test app, which the test can cut and restore, as a stopped server or a lost link would be. */
export interface CuttableLink {
  /** Base URL that reaches the app through the link. */
  url: string;
  /** The request lines (`POST /path HTTP/1.1`) that came through, in order, refused ones included. */
  requests: string[];
  /** Cuts the link: open connections drop and new ones are refused until `restore`. */
  cut(): void;
  /** A gateway whose server is down: open connections drop, every request is answered 502 until `restore`. */
  gateway(): void;
  /** Answers the requests `refuse` picks with a 503 (they never reach the app), as a gateway failing one request would. */
  refuseWhen(refuse: ((requestLine: string) => boolean) | undefined): void;
  /** Lets the requests `lose` picks reach the app, then drops the connection instead of its answer, as a lost signal would. */
  loseAnswerWhen(lose: ((requestLine: string) => boolean) | undefined): void;
  restore(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.1/;

function failed(status: 502 | 503): string {
  const body = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
  return `HTTP/1.1 ${status} ${body}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * A TCP relay in front of the app. Chromium's offline emulation does not cover every request of a service
 * worker; refusing the connections themselves does, as a server that is down would. It reads the request
 * lines going through (one HTTP/1.1 request starts a chunk of its own), to count them and to refuse some.
 */
export async function cuttableLink(appUrl: string): Promise<CuttableLink> {
  const target = new URL(appUrl);
  const open = new Set<Socket>();
  const requests: string[] = [];
  let mode: 'up' | 'down' | 'gateway' = 'up';
  let refuse: ((requestLine: string) => boolean) | undefined;
  let lose: ((requestLine: string) => boolean) | undefined;
  const server = createServer((client) => {
    if (mode === 'down') return client.destroy();
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'gateway') return void client.once('data', () => client.end(failed(502)));
    const upstream = connect(Number(target.port), target.hostname);
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => upstream.destroy());
    let refused = false;
    let losing = false;
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => refused || client.destroy());
    upstream.on('data', (chunk: Buffer) => (losing ? client.destroy() : client.write(chunk)));
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, 300))?.[0];
      if (line !== undefined) requests.push(line);
      if (line !== undefined && lose?.(line)) losing = true;
      // The rest of a refused request is read and dropped; the browser gets the answer and the connection ends.
      if (refused || (line !== undefined && refuse?.(line))) {
        if (!refused) client.end(failed(503));
        refused = true;
        return upstream.destroy();
      }
      upstream.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dropOpen = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cut: () => {
      mode = 'down';
      dropOpen();
    },
    gateway: () => {
      mode = 'gateway';
      dropOpen();
    },
    refuseWhen: (picks) => {
      refuse = picks;
    },
    loseAnswerWhen: (picks) => {
      lose = picks;
    },
    restore: () => {
      mode = 'up';
      refuse = undefined;
      lose = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropOpen();
        server.close(() => resolve());
      }),
  };
}
