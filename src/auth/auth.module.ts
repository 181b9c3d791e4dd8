import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { JWT_SECRET } from './jwt-secret.js';
import { LiveAccounts } from './live-accounts.js';
import { LoginThrottle } from './login-throttle.js';

/** Login, tokens and the guard. The CredentialStore it logs in against comes from the (global) AccountsModule. */
@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig, JWT_SECRET],
      useFactory: (config: AppConfig, secret: string) => {
        // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a public key on every verify.
        const key = createSecretKey(Buffer.from(secret));
        return { secretOrKeyProvider: () => key, signOptions: { expiresIn: config.JWT_TTL_SECONDS, algorithm: 'HS256' as const } };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottle, LiveAccounts, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, LiveAccounts],
})
export class AuthModule {}
