import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The time a lecturer is taken by an accepted order. The `bookings_no_overlap` exclusion constraint
 * keeps one lecturer's active bookings (lecture plus travel) from overlapping; `bookings_order_key`
 * lets an order be booked once. Bookings are written with SQL (BookingsRepository.insert), which computes
 * the `blocked` range (lecture plus travel) that the constraint compares.
 */
@Entity('bookings')
export class Booking {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') orderId: string;
  @Column('uuid') lecturerId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('timestamptz', { nullable: true }) releasedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
