import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const LECTURER_CATEGORIES = [
  'party_government_leader', 'branch_secretary', 'party_affairs_worker', 'expert_scholar',
  'model_figure', 'practical_technician', 'five_elders',
] as const;
export type LecturerCategory = (typeof LECTURER_CATEGORIES)[number];
export const LECTURER_LEVELS = ['city', 'banner', 'township'] as const;
export type LecturerLevel = (typeof LECTURER_LEVELS)[number];

export interface WeeklyWindow { weekday: number; from: string; to: string }
export interface AvailabilityException { from: string; to: string; reason?: string }
export interface Availability { weekly: WeeklyWindow[]; exceptions: AvailabilityException[] }

@Entity('lecturers')
export class Lecturer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') name: string;
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
