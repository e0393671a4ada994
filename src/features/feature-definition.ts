import type { DynamicModule, Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

import type { MessageCatalogue } from '../common/messages.js';

/**
 * What a feature module tells the kernel about itself, in one place (`modules/<key>/<key>.feature.ts`).
 * The kernel knows features only through these definitions, listed in the registry
 * (`src/app.features.ts`): it names no feature itself.
 */
export interface FeatureDefinition {
  /** The licence key, e.g. `mail`; the operator switches modules on per centre by it. */
  readonly key: string;
  /** The Nest module with the feature's controllers, gateways and providers. */
  readonly module: Type | DynamicModule;
  /** People can be counselled through it: offered as a preferred way of contact. */
  readonly contactChannel?: boolean;
  /** Features that must be licensed with this one (e.g. a case is opened by a mail enquiry). */
  readonly requires?: readonly string[];
  /** The feature's own migrations; the kernel runs them with its own, ordered by timestamp. */
  readonly migrations?: readonly (new () => MigrationInterface)[];
  /** Texts of the feature's error codes and field codes, in German and English. */
  readonly messages?: MessageCatalogue;
}

/** Identity function that keeps the definition's literal types. */
export function defineFeature<const T extends FeatureDefinition>(definition: T): T {
  return definition;
}
