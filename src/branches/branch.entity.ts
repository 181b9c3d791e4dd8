import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BranchKind } from '../kernel/vocabulary.js';

@Entity('branches')
export class Branch {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') name: string;
  @Column('uuid') regionId: string;
  @Column('text') kind: BranchKind;
  @Column('integer') memberCount: number;
  @Column('double precision') latitude: number;
  @Column('double precision') longitude: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
