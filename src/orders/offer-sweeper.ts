import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { IdempotencyService } from '../common/idempotency.js';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from '../queue/job-queue.js';
import { OrderTransitionsService } from './order-transitions.service.js';

/**
 * Returns expired offers to the queue and drops idempotency records past their retention, on the job queue's
 * schedule (OFFER_SWEEP_CRON). Offers are expired by compare-and-set statements that skip the rows a request holds, so
 * a sweep racing a request is safe; the tour stops so stranded are then sent back each under its row's lock, as a
 * request would.
 */
@Injectable()
export class OfferSweeper implements OnModuleInit {
  private readonly logger = new Logger(OfferSweeper.name);

  constructor(
    private readonly transitions: OrderTransitionsService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.queue.register('expire_offers', () => this.sweep(), { cron: this.config.OFFER_SWEEP_CRON });
  }

  async sweep(): Promise<void> {
    const expired = await this.transitions.expireOffers();
    if (expired > 0) this.logger.log(`returned ${expired} expired offer(s) to pending`);
    await this.idempotency.purgeOlderThan(48);
  }
}
