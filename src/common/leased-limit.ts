import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** The most a lease takes at once: a twentieth of the limit. */
const LEASE_SHARE = 20;
/** Keys kept in memory before the expired ones are swept out. */
const SWEEP_AT = 10_000;

interface Lease {
  /** Points taken from the store and not yet spent here. */
  points: number;
  /** What the store had left after the last lease: the next lease takes at most half of it. */
  storeRemaining: number;
  /** When the store's window ends (ms since the epoch): unspent points lapse with it. */
  endsAt: number;
  /** The store refused: every request is refused here until the window ends, without asking it again. */
  refused?: RateLimiterRes;
  /** A lease on its way: concurrent requests wait for it instead of each taking one. */
  taking?: Promise<void>;
}

/**
 * A limit shared by every instance through `store`, counted in leases: an instance takes a block of points
 * at once and spends it in memory, so a busy account costs the database one write per block, not one per
 * request. A lease takes at most a twentieth of the limit and at most half of what the store had left at
 * the last lease, down to single points near the limit (and for limits under 40). So N instances together
 * never allow more than the limit; points leased by one instance and not yet spent are the most another
 * can refuse early, a small share that lapses with the window.
 */
export class LeasedLimit {
  private readonly leases = new Map<string, Lease>();
  private readonly block: number;

  /** `limit`: the store's points per window, given here because a wrapped store (RLWrapperTimeouts) reports none. */
  constructor(
    private readonly store: RateLimiterAbstract,
    limit: number,
    private readonly now: () => number = Date.now,
  ) {
    this.block = Math.max(1, Math.floor(limit / LEASE_SHARE));
  }

  /** Spends one point of `key`'s limit; rejects with the store's RateLimiterRes (msBeforeNext) when none is left. */
  async consume(key: string): Promise<void> {
    for (;;) {
      const lease = this.current(key);
      // Rejects as rate-limiter-flexible's own limiters do, with its RateLimiterRes, so that callers handle both alike.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (lease?.refused) throw lease.refused;
      if (lease && lease.points > 0) {
        lease.points--;
        return;
      }
      if (lease?.taking) await lease.taking;
      else await this.take(key, lease);
    }
  }

  private current(key: string): Lease | undefined {
    const lease = this.leases.get(key);
    if (lease && lease.endsAt <= this.now() && !lease.taking) {
      this.leases.delete(key);
      return undefined;
    }
    return lease;
  }

  private async take(key: string, previous: Lease | undefined): Promise<void> {
    const size = previous ? Math.max(1, Math.min(this.block, Math.floor(previous.storeRemaining / 2))) : 1;
    const lease: Lease = previous ?? { points: 0, storeRemaining: 0, endsAt: 0 };
    if (!previous) this.remember(key, lease);
    lease.taking = this.store
      .consume(key, size)
      .then(
        (res) => {
          lease.points += size;
          lease.storeRemaining = res.remainingPoints;
          lease.endsAt = this.now() + res.msBeforeNext;
        },
        async (err: unknown) => {
          if (!(err instanceof RateLimiterRes)) throw err;
          // A larger lease may have been refused where a single point is still left: give it back and ask for one.
          if (size > 1) {
            await this.store.reward(key, size);
            lease.storeRemaining = 1;
            return;
          }
          lease.refused = err;
          lease.endsAt = this.now() + err.msBeforeNext;
        },
      )
      .finally(() => {
        lease.taking = undefined;
      });
    await lease.taking;
  }

  private remember(key: string, lease: Lease): void {
    if (this.leases.size >= SWEEP_AT) {
      const now = this.now();
      for (const [k, l] of this.leases) if (l.endsAt <= now && !l.taking) this.leases.delete(k);
    }
    this.leases.set(key, lease);
  }
}
