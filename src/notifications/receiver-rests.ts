/** Why a receiver rests: its call that failed, and until when nobody calls it. */
export interface Rest {
  /** When the failure that began (or lengthened) the rest was seen, ms. */
  since: number;
  /** Until when no call is made, ms; then one call (the probe) at a time. */
  until: number;
  /** The failed call's error. */
  error: string;
}

interface RestState extends Rest {
  /** This rest's length: the next failed probe rests twice as long. */
  ms: number;
}

/**
 * Receivers (a webhook URL's origin) that stopped answering, on one instance. A call that failed in a way worth
 * retrying (no answer within the time-out, unreachable, 5xx) puts its receiver to rest: for `firstMs` no call is
 * made to it, so a receiver that hangs costs the queue's workers one time-out per rest instead of one per
 * delivery. After the rest one call goes ahead (the probe), the others waiting up to `probeMs` for its outcome:
 * answered, the rest ends; failed, the receiver rests twice as long, up to `maxMs`. Only calls begun after a rest
 * began change it: the calls that were already in flight when the first failed tell nothing new.
 */
export class ReceiverRests {
  private readonly rests = new Map<string, RestState>();

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
    private readonly probeMs: number,
  ) {}

  /** Whether any receiver rests (so that a healthy outbox need not work out a delivery's receiver). */
  any(): boolean {
    return this.rests.size > 0;
  }

  /**
   * The rest that keeps a call to `receiver` at `now` from being made, or undefined: the call may go ahead. The
   * first call after a rest is its probe; the calls after it wait for its outcome (up to `probeMs`).
   */
  restOf(receiver: string, now: number): Rest | undefined {
    const rest = this.rests.get(receiver);
    if (rest === undefined) return undefined;
    if (now < rest.until) return { since: rest.since, until: rest.until, error: rest.error };
    rest.until = now + this.probeMs;
    return undefined;
  }

  /** A call to `receiver` begun at `startedAt` failed at `now` in a way worth retrying. */
  failed(receiver: string, startedAt: number, now: number, error: string): void {
    const rest = this.rests.get(receiver);
    if (rest !== undefined && startedAt < rest.since) return;
    const ms = rest === undefined ? this.firstMs : Math.min(rest.ms * 2, this.maxMs);
    this.rests.set(receiver, { since: now, until: now + ms, ms, error });
  }

  /** A call to `receiver` begun at `startedAt` was answered (taken or refused): the receiver is up. */
  answered(receiver: string, startedAt: number): void {
    const rest = this.rests.get(receiver);
    if (rest !== undefined && startedAt >= rest.since) this.rests.delete(receiver);
  }
}
