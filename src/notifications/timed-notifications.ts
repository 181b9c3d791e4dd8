import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../kernel/clock.js';
import { JobQueue } from '../queue/job-queue.js';
import { NotificationsRepository } from './notifications.repository.js';

/**
 * The timed events (an offer about to expire, tomorrow's lecture, a report due), written on the job queue's
 * schedule every minute at the app's clock; each is written once however many instances and ticks run it.
 */
@Injectable()
export class TimedNotifications implements OnModuleInit {
  private readonly logger = new Logger(TimedNotifications.name);

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.register('notify_timed', async () => void (await this.run()), { cron: '* * * * *' });
  }

  /** Writes the events due now; returns how many. */
  async run(): Promise<number> {
    const written = await this.repo.recordTimedEvents(new Date(this.clock.now()));
    if (written > 0) this.logger.log(`${written} timed notification event(s)`);
    return written;
  }
}
