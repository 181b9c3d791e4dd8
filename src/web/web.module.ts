import { Module } from '@nestjs/common';

/** The pages people use, in Chinese, served by the same app. */
@Module({})
export class WebModule {}
