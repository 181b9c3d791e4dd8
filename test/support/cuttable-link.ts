import { createServer, type Socket, connect } from 'node:net';

/** The way from the browser to the test app, which the test can cut and restore, as a stopped server or a lost link would be. */
export interface CuttableLink {
  /** Base URL that reaches the app through the link. */
  url: string;
  /** Cuts the link: open connections drop and new ones are refused until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of the app. Chromium's offline emulation does not cover every request of a service
 * worker; refusing the connections themselves does, as a server that is down would.
 */
export async function cuttableLink(appUrl: string): Promise<CuttableLink> {
  const target = new URL(appUrl);
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
