import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';

/** Templates, exports and imports of the office's own spreadsheets (AccountsModule is global). */
@Module({
  imports: [RegionsModule, BranchesModule, LecturersModule, CoursesModule],
  controllers: [ImportsController],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
