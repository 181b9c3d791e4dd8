import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Subject, lastValueFrom } from 'rxjs';
import { InFlightRequests } from './in-flight-requests.js';

/** A handler whose work settles when the test says so. */
function handler(sut: InFlightRequests): { done: Promise<unknown>; settle: () => void } {
  const work = new Subject<unknown>();
  const done = lastValueFrom(sut.intercept({} as ExecutionContext, { handle: () => work } as CallHandler), { defaultValue: undefined });
  return {
    done,
    settle: () => {
      work.next('answer');
      work.complete();
    },
  };
}

/** Whether `p` settles within `waitMs` (20 ms: long enough for work already done, short for a test). */
async function isSettled(p: Promise<unknown>, waitMs = 20): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe(InFlightRequests.name, () => {
  it('lets a shutdown go on at once when no handler runs', async () => {
    expect(await isSettled(new InFlightRequests().settled(60_000))).toBe(true);
  });

  it('holds a shutdown until every running handler has settled', async () => {
    const sut = new InFlightRequests();
    const [first, second] = [handler(sut), handler(sut)];
    const stopped = sut.settled(60_000);
    first.settle();
    await first.done;
    expect(await isSettled(stopped)).toBe(false);
    second.settle();
    expect(await isSettled(stopped)).toBe(true);
  });

  it('gives up waiting after the grace period', async () => {
    const sut = new InFlightRequests();
    handler(sut);
    // A grace of 5 ms against a wait of 5 s: on a busy machine the two timers may fire in the same turn.
    expect(await isSettled(sut.settled(5), 5_000)).toBe(true);
  });
});
