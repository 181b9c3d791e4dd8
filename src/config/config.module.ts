import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JWT_SECRET, resolveJwtSecret } from '../auth/jwt-secret.js';
import { AppConfig } from './app-config.js';

/** Makes the validated configuration injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: JWT_SECRET, useFactory: () => resolveJwtSecret(config) },
      ],
      exports: [AppConfig, JWT_SECRET],
    };
  }
}
