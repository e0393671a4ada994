import { SetMetadata } from '@nestjs/common';

import type { FeatureKey } from '../contracts/modules.js';

export const FEATURE_KEY = 'beradig:feature';

/** Marks a feature controller: its routes answer 404 unless the centre licenses the module. */
export const Feature = (key: FeatureKey) => SetMetadata(FEATURE_KEY, key);
