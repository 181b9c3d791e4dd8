import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignsController, CoverageController } from './coverage.controller.js';
import { CoverageRepository } from './coverage.repository.js';
import { CoverageService } from './coverage.service.js';

export { CampaignsService } from './campaigns.service.js';
export { CoverageService } from './coverage.service.js';
export { CampaignQuery, CampaignView, CoverageQuery, CoverageView, CreateCampaignDto, LecturerLoadView } from './coverage.dto.js';

/** Coverage figures, campaigns and exports (issue: coverage). */
@Module({
  imports: [RegionsModule],
  controllers: [CoverageController, CampaignsController],
  providers: [CoverageRepository, CoverageService, CampaignsRepository, CampaignsService],
  exports: [CoverageService, CampaignsService],
})
export class CoverageModule {}
