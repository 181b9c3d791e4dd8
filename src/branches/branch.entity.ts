import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const BRANCH_KINDS = ['village', 'community', 'enterprise', 'institution', 'border_joint'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

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
