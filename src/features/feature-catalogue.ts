import type { FieldProblem } from '../common/domain-error.js';
import { BASIC_CONTACT_TYPES } from '../contracts/cases.js';
import type { FeatureDefinition } from './feature-definition.js';

/**
 * The features this installation has, in the registry's order: what the operator can license,
 * and which feature needs which. Provided by the composition root from the registry.
 */
export class FeatureCatalogue {
  private readonly byKey: ReadonlyMap<string, FeatureDefinition>;

  constructor(features: readonly FeatureDefinition[]) {
    const byKey = new Map<string, FeatureDefinition>();
    for (const feature of features) {
      if (!/^[a-z][a-z0-9-]{1,30}$/.test(feature.key)) throw new Error(`Feature key ${JSON.stringify(feature.key)} is not a lower-case name`);
      if (byKey.has(feature.key)) throw new Error(`Feature ${feature.key} is registered twice`);
      byKey.set(feature.key, feature);
    }
    for (const feature of features) {
      for (const needed of feature.requires ?? []) {
        if (!byKey.has(needed)) throw new Error(`Feature ${feature.key} requires ${needed}, which is not registered`);
      }
    }
    this.byKey = byKey;
  }

  /** Every feature key, in the registry's order. */
  get keys(): string[] {
    return [...this.byKey.keys()];
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  requires(key: string): readonly string[] {
    return this.byKey.get(key)?.requires ?? [];
  }

  /** How a client of a centre with these modules may ask to be contacted. */
  contactTypes(modules: readonly string[]): string[] {
    return [...this.canonical(modules).filter((key) => this.byKey.get(key)?.contactChannel), ...BASIC_CONTACT_TYPES];
  }

  /** The modules in the registry's order, each once. */
  canonical(modules: readonly string[]): string[] {
    return this.keys.filter((key) => modules.includes(key));
  }

  /** What is wrong with a licence (unknown modules, a module without one it needs), as field problems. */
  problems(modules: readonly string[], field = 'modules'): FieldProblem[] {
    const unknown = modules.filter((m) => !this.byKey.has(m));
    if (unknown.length) return [{ field, code: 'field.module', params: { allowed: this.keys.join(', ') } }];
    for (const key of modules) {
      const missing = this.requires(key).filter((needed) => !modules.includes(needed));
      if (missing.length) return [{ field, code: 'field.moduleRequires', params: { module: key, requires: missing.join(', ') } }];
    }
    return [];
  }
}
