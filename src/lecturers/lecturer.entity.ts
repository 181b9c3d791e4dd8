import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Availability } from '../kernel/availability.js';
import type { LecturerCategory, LecturerLevel } from '../kernel/vocabulary.js';

@Entity('lecturers')
export class Lecturer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') name: string;
  /** The office's own code (编码), unique without case: what imports match on. */
  @Column('varchar', { nullable: true }) code: string | null;
  @Column('text') category: LecturerCategory;
  @Column('text') level: LecturerLevel;
  @Column('uuid') regionId: string;
  @Column('double precision') latitude: number;
  @Column('double precision') longitude: number;
  @Column('text', { array: true }) topics: string[];
  @Column('text', { array: true }) languages: string[];
  @Column('text', { array: true }) formats: string[];
  @Column('integer') maxLecturesPerMonth: number;
  @Column('integer') travelRadiusKm: number;
  @Column('jsonb') availability: Availability;
  @Column('integer') ratingSum: number;
  @Column('integer') ratingCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
