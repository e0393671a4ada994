import { Global, Module } from '@nestjs/common';

import { RateLimiter } from './rate-limiter.js';

/** Per-person limits shared by features (see RateLimiter). */
@Global()
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class LimitsModule {}
