/**
 * Where the outbox drain starts its scan of the deliveries awaiting their first attempt. A delivery sent leaves
 * that index only when VACUUM comes by, so a scan from the index's start walks past every delivery sent since.
 * Each delivery carries the id of the transaction that wrote it (`created_xid`), and every transaction with an id
 * below a snapshot's xmin had ended when the snapshot was taken. So once a scan that began with such an xmin in
 * hand took all it could find (fewer than it asked for), no delivery below that xmin is left awaiting: the next
 * scans start there. Left awaiting below it all the same: a delivery locked by a drain of an instance that then
 * died. So every `fullScanMs` one scan starts from the beginning again.
 */
export class DrainFloor {
  private floor: bigint | undefined;
  private lastFullScan = -Infinity;

  constructor(private readonly fullScanMs: number) {}

  /** The transaction id a scan begun at `now` (ms) starts from; undefined: from the beginning. */
  startAt(now: number): string | undefined {
    if (now - this.lastFullScan >= this.fullScanMs) {
      this.floor = undefined;
      this.lastFullScan = now;
    }
    return this.floor?.toString();
  }

  /**
   * After a scan that had `xmin` in hand before it began: if it took fewer than `limit`, nothing awaiting is
   * left below `xmin`. Drains run side by side, so the floor only rises.
   */
  scanned(xmin: string, taken: number, limit: number): void {
    if (taken >= limit) return;
    const passed = BigInt(xmin);
    if (this.floor === undefined || passed > this.floor) this.floor = passed;
  }
}
