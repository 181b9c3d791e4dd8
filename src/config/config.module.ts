import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JWT_SECRET, resolveJwtSecret } from '../auth/jwt-secret.js';
import { Clock, systemClock } from '../kernel/clock.js';
import { AppConfig } from './app-config.js';

/** Makes the validated configuration, and the clock (the machine's unless a test gives its own), injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: JWT_SECRET, useFactory: () => resolveJwtSecret(config) },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, JWT_SECRET, Clock],
    };
  }
}
