import { type BeforeApplicationShutdown, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, finalize } from 'rxjs';

/** How long a stopping app waits for handlers still running (the same grace as its HTTP connections get). */
export const STOP_GRACE_MS = 10_000;

/**
 * The handlers running now, counted from the guard's yes until their work settles. A client that hangs up does not
 * stop its handler: the HTTP server may close around it, and the database pools would then end under its query (a
 * 500 logged for work the client no longer waits for, and a half-done change rolled back). So the shutdown waits,
 * between closing the server and ending the pools, until none is left or the grace period is over.
 */
@Injectable()
export class InFlightRequests implements NestInterceptor, BeforeApplicationShutdown {
  private running = 0;
  private readonly waiting = new Set<() => void>();

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.running++;
    return next.handle().pipe(
      finalize(() => {
        if (--this.running > 0) return;
        for (const settle of this.waiting) settle();
        this.waiting.clear();
      }),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.settled(STOP_GRACE_MS);
  }

  /** Resolves once no handler runs, or after `graceMs`. */
  settled(graceMs: number): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.waiting.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
