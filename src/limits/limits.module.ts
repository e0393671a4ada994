import { Global, Module } from '@nestjs/common';

import { NetworkTags } from './network-tags.js';
import { RateLimiter } from './rate-limiter.js';

/** Per-person and per-network limits shared by features (see RateLimiter, NetworkTags). */
@Global()
@Module({ providers: [RateLimiter, NetworkTags], exports: [RateLimiter, NetworkTags] })
export class LimitsModule {}
