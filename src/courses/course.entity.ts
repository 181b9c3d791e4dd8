import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Lecturer } from '../lecturers/lecturer.entity.js';
import type { LectureFormat } from '../kernel/vocabulary.js';

@Entity('courses')
export class Course {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar') title: string;
  /** The office's own code (编码), unique without case: what imports match on. */
  @Column('varchar', { nullable: true }) code: string | null;
  @Column('text') topic: string;
  @Column('varchar', { nullable: true }) description: string | null;
  @Column('integer') durationMinutes: number;
  @Column('text', { array: true }) formats: LectureFormat[];
  @ManyToMany(() => Lecturer)
  @JoinTable({ name: 'course_lecturers', joinColumn: { name: 'course_id' }, inverseJoinColumn: { name: 'lecturer_id' } })
  lecturers: Lecturer[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
