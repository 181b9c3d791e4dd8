import { Module } from '@nestjs/common';

/** Coverage figures, campaigns and exports (issue: coverage). */
@Module({})
export class CoverageModule {}
