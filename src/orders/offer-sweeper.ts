import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyService } from '../common/idempotency.js';
import { AppConfig } from '../config/app-config.js';
import { OrderTransitionsService } from './order-transitions.service.js';

/**
 * Returns expired offers to the queue and drops idempotency records past their retention. Each run is
 * a set of compare-and-set statements, so any number of instances may sweep at once.
 */
@Injectable()
export class OfferSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OfferSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly transitions: OrderTransitionsService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.OFFER_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    try {
      const expired = await this.transitions.expireOffers();
      if (expired > 0) this.logger.log(`returned ${expired} expired offer(s) to pending`);
      await this.idempotency.purgeOlderThan(48);
    } catch (err) {
      this.logger.warn({ err }, 'sweep failed; will retry');
    }
  }
}
