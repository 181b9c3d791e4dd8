import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue.js';

/** The job queue, one per app: every feature that runs timed or background work registers its tasks with it. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class QueueModule {}
