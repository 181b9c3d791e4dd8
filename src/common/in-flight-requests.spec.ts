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

const isSettled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))]);

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
    expect(await isSettled(sut.settled(5))).toBe(true);
  });
});
