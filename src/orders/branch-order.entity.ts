import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LectureFormat } from '../kernel/vocabulary.js';
import type { OrderStatus } from '../kernel/vocabulary.js';

/** A lecture a party branch ordered (点单), from the menu or on a custom topic. */
@Entity('orders')
export class BranchOrder {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') branchId: string;
  @Column('uuid', { nullable: true }) courseId: string | null;
  @Column('text') topic: string;
  @Column('varchar') title: string;
  @Column('text') format: LectureFormat;
  @Column('timestamptz') earliestStart: Date;
  @Column('timestamptz') latestStart: Date;
  @Column('integer') durationMinutes: number;
  @Column('integer') expectedAudience: number;
  @Column('text') language: string;
  @Column('uuid', { nullable: true }) preferredLecturerId: string | null;
  @Column('varchar', { nullable: true }) notes: string | null;
  @Column('text') status: OrderStatus;
  @Column('uuid', { nullable: true }) offeredLecturerId: string | null;
  @Column('timestamptz', { nullable: true }) offeredStartsAt: Date | null;
  @Column('timestamptz', { nullable: true }) offerExpiresAt: Date | null;
  /** An offer made as a stop of a tour: the tour's previous stop, whose village the lecturer comes from. */
  @Column('uuid', { nullable: true }) offeredAfterOrderId: string | null;
  @Column('integer', { nullable: true }) attendance: number | null;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('varchar', { nullable: true }) summary: string | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('smallint', { nullable: true }) ratingScore: number | null;
  @Column('varchar', { nullable: true }) ratingComment: string | null;
  @Column('timestamptz', { nullable: true }) ratedAt: Date | null;
  @Column('uuid') placedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
