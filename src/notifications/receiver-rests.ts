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

/** How long each rest lasts, and which failure begins one (all in ms). */
export interface RestLengths {
  /** The first rest. */
  first: number;
  /** The longest: each failed probe doubles the rest up to it. */
  longest: number;
  /** How long the calls after a rest wait for the probe's outcome before the next one may go ahead. */
  probe: number;
  /** A failed call that took this long begins a rest (one that failed at once cost nobody anything). */
  slow: number;
}

/**
 * Receivers (a webhook URL's origin) that stopped answering, on one instance, on the machine's time. A call that
 * failed in a way worth retrying (no answer within the time-out, unreachable, 5xx) only after `slow` or more puts
 * its receiver to rest: for `first` no call is made to it, so a receiver that hangs costs the queue's workers one
 * time-out per rest instead of one per delivery. After the rest one call goes ahead (the probe), the others waiting
 * up to `probe` for its outcome: answered, the rest ends; failed (slowly or not), the receiver rests twice as long,
 * up to `longest`. Only calls begun after a rest began change it: the calls that were already under way when the
 * first failed tell nothing new. A rest nobody asked about for `longest` after its end is forgotten.
 */
export class ReceiverRests {
  private readonly rests = new Map<string, RestState>();

  constructor(private readonly lengths: RestLengths) {}

  /** Whether any receiver rests at `now` (so that a healthy outbox need not work out a delivery's receiver). */
  any(now: number): boolean {
    for (const [receiver, rest] of this.rests) if (now >= rest.until + this.lengths.longest) this.rests.delete(receiver);
    return this.rests.size > 0;
  }

  /**
   * The rest that keeps a call to `receiver` at `now` from being made, or undefined: the call may go ahead. The
   * first call after a rest is its probe; the calls after it wait for its outcome (up to `probe`).
   */
  restOf(receiver: string, now: number): Rest | undefined {
    const rest = this.rests.get(receiver);
    if (rest === undefined) return undefined;
    if (now < rest.until) return { since: rest.since, until: rest.until, error: rest.error };
    rest.until = now + this.lengths.probe;
    return undefined;
  }

  /** A call to `receiver` begun at `startedAt` failed at `now` in a way worth retrying. */
  failed(receiver: string, startedAt: number, now: number, error: string): void {
    const rest = this.rests.get(receiver);
    if (rest === undefined ? now - startedAt < this.lengths.slow : startedAt < rest.since) return;
    const ms = rest === undefined ? this.lengths.first : Math.min(rest.ms * 2, this.lengths.longest);
    this.rests.set(receiver, { since: now, until: now + ms, ms, error });
  }

  /** A call to `receiver` begun at `startedAt` was answered (taken or refused): the receiver is up. */
  answered(receiver: string, startedAt: number): void {
    const rest = this.rests.get(receiver);
    if (rest !== undefined && startedAt >= rest.since) this.rests.delete(receiver);
  }
}
