/**
 * The webhook receiver of `bench:notify`, in a worker thread of its own: a receiver is another system, and on the
 * load generator's event loop its parsing of 500 deliveries a second would slow the generator's own requests in
 * the runs with notifications on (and only those). It records, per delivery, how long after its commit it came.
 */
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

/** What the receiver has seen since its last reset. */
export interface Received {
  /** Milliseconds from commit to arrival, one per call. */
  delays: number[];
  /** Distinct deliveries (webhook-id): as many as the calls, or a delivery came twice. */
  distinct: number;
  /** When the last call arrived (ms since 1970). */
  lastAt: number;
}

/** Asked of the receiver: its URL, how many calls so far, all it saw, or to start afresh. */
export type ReceiverRequest = { type: 'count' } | { type: 'take' } | { type: 'reset' } | { type: 'close' };

const port = parentPort;
if (port) {
  let delays: number[] = [];
  let ids = new Set<string>();
  let lastAt = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      lastAt = Date.now();
      ids.add(String(req.headers['webhook-id']));
      delays.push(lastAt - Date.parse((JSON.parse(raw) as { timestamp: string }).timestamp));
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1', () => port.postMessage({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` }));
  port.on('message', (request: ReceiverRequest) => {
    if (request.type === 'count') port.postMessage(delays.length);
    else if (request.type === 'take') port.postMessage({ delays, distinct: ids.size, lastAt } satisfies Received);
    else if (request.type === 'reset') {
      [delays, ids] = [[], new Set()];
      port.postMessage(true);
    } else server.close(() => port.close());
  });
}
