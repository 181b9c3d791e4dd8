import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionLevel } from '../kernel/vocabulary.js';

@Entity('regions')
export class Region {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') name: string;
  /** The office's own code (编码), unique without case: what imports match on. */
  @Column('varchar', { nullable: true }) code: string | null;
  @Column('text') level: RegionLevel;
  @Column('uuid', { nullable: true }) parentId: string | null;
  /** Ids from the root down to this node, itself included. */
  @Column('uuid', { array: true }) path: string[];
  @Column('double precision') latitude: number;
  @Column('double precision') longitude: number;
  @Column('boolean') border: boolean;
  @Column('boolean') remote: boolean;
  @Column('boolean') weak: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
