import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EvidenceImageController, OrderEvidenceController } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { DiskPhotoStore, PhotoStore } from './photo-store.js';

/** Photo evidence of lectures, stored under DATA_DIR/evidence. */
@Module({
  controllers: [OrderEvidenceController, EvidenceImageController],
  providers: [
    EvidenceRepository,
    EvidenceService,
    { provide: PhotoStore, inject: [AppConfig], useFactory: (config: AppConfig) => new DiskPhotoStore(join(config.DATA_DIR, 'evidence')) },
  ],
  exports: [EvidenceService],
})
export class EvidenceModule {}
