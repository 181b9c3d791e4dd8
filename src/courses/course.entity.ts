import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Lecturer } from '../lecturers/lecturer.entity.js';
import type { LectureFormat } from '../kernel/vocabulary.js';

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
