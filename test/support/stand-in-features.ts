import { Module } from '@nestjs/common';

import { FEATURES } from '../../src/app.features.js';
import { defineFeature, type FeatureDefinition } from '../../src/features/feature-definition.js';

@Module({})
class StandInModule {}

/**
 * Features that are sold but not built yet (e.g. `anonymous`), installed as empty modules, so tests of
 * licences and prices can use the whole price list.
 */
export function standIns(...keys: string[]): FeatureDefinition[] {
  return keys.map((key) => defineFeature({ key, module: StandInModule, requires: ['mail'] }));
}

/** The registry's features plus stand-ins for every package of the default price list. */
export const WITH_STAND_INS: readonly FeatureDefinition[] = [...FEATURES, ...standIns('video', 'scheduling', 'anonymous').filter((s) => !FEATURES.some((f) => f.key === s.key))];
