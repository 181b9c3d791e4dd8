import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { EvidenceImageController, OrderEvidenceController } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';
import { PhotoStore, photoStoreFor } from './photo-store.js';

/** Photo evidence of lectures, stored under DATA_DIR/evidence or in an S3-compatible bucket. */
@Module({
  controllers: [OrderEvidenceController, EvidenceImageController],
  providers: [EvidenceRepository, EvidenceService, { provide: PhotoStore, inject: [AppConfig], useFactory: photoStoreFor }],
  exports: [EvidenceService],
})
export class EvidenceModule {}
