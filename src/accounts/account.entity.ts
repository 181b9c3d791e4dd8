import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../kernel/vocabulary.js';

@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') username: string;
  @Column('text', { select: false }) passwordHash: string;
  @Column('text') role: Role;
  @Column('uuid', { nullable: true }) branchId: string | null;
  @Column('uuid', { nullable: true }) lecturerId: string | null;
  /** For an admin: the root of the region subtree it may see; null = the whole city. */
  @Column('uuid', { nullable: true }) regionId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
