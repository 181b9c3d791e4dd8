import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CredentialStore } from '../auth/credential-store.js';
import { BranchesModule } from '../branches/branches.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { Account } from './account.entity.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

/** Global so that AuthModule finds its CredentialStore without importing a feature (which would close a cycle). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Account]), AuthModule, RegionsModule, BranchesModule, LecturersModule],
  controllers: [AccountsController],
  providers: [AccountsService, AccountsRepository, { provide: CredentialStore, useExisting: AccountsRepository }],
  exports: [AccountsService, CredentialStore],
})
export class AccountsModule {}
