import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BranchKind } from '../kernel/vocabulary.js';

@Entity('branches')
export class Branch {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') name: string;
  /** The office's own code (编码), unique without case: what imports match on. */
  @Column('varchar', { nullable: true }) code: string | null;
  @Column('uuid') regionId: string;
  @Column('text') kind: BranchKind;
  @Column('integer') memberCount: number;
  @Column('double precision') latitude: number;
  @Column('double precision') longitude: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
