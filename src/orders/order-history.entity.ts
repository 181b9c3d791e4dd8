import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrderStatus } from '../kernel/vocabulary.js';

/** One transition of an order: who, when, from, to, why. Append-only (a trigger refuses changes). */
@Entity('order_history')
export class OrderHistoryEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column('uuid') orderId: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) fromStatus: OrderStatus | null;
  @Column('text') toStatus: OrderStatus;
  @Column('uuid', { nullable: true }) lecturerId: string | null;
  @Column('varchar', { nullable: true }) reason: string | null;
}
