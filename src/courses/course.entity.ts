import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Lecturer } from '../lecturers/lecturer.entity.js';

export const TOPICS = ['theory', 'party_history', 'policy', 'rural_revitalization', 'practical_skills', 'ethnic_unity', 'border_security'] as const;
export const FORMATS = ['on_site', 'online', 'field', 'mobile'] as const;
export type LectureFormat = (typeof FORMATS)[number];
/** Forms where the lecturer travels to the branch: the travel radius applies and travel time is blocked. */
export const TRAVELLING_FORMATS: readonly LectureFormat[] = ['on_site', 'field', 'mobile'];

@Entity('courses')
export class Course {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') title: string;
  @Column('text') topic: string;
  @Column('varchar', { nullable: true }) description: string | null;
  @Column('integer') durationMinutes: number;
  @Column('text', { array: true }) formats: LectureFormat[];
  @ManyToMany(() => Lecturer)
  @JoinTable({ name: 'course_lecturers', joinColumn: { name: 'course_id' }, inverseJoinColumn: { name: 'lecturer_id' } })
  lecturers: Lecturer[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
