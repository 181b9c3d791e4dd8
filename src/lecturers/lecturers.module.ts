import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module.js';
import { Lecturer } from './lecturer.entity.js';
import { LecturersController } from './lecturers.controller.js';
import { LecturersRepository } from './lecturers.repository.js';
import { LecturersService } from './lecturers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Lecturer]), RegionsModule],
  controllers: [LecturersController],
  providers: [LecturersRepository, LecturersService],
  exports: [LecturersService],
})
export class LecturersModule {}
