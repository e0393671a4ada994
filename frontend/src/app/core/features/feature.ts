import type { Type } from '@angular/core';
import type { Routes } from '@angular/router';

import type { FeatureKey } from '@contracts/modules';
import type { Role } from '@contracts/roles';

/** German and English texts with the same keys (English is checked against German). */
export interface Texts<K extends string> {
  readonly de: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/** A link in the portal's main navigation. */
export interface NavEntry<K extends string> {
  /** The link's text, one of the feature's own keys. */
  readonly label: K;
  /** Below /:centre. */
  readonly path: string;
  readonly roles: readonly Role[];
}

/** A component loaded only when it is shown (its code is a chunk of its own). */
export type LazyComponent = () => Promise<Type<unknown>>;

/**
 * A component a feature shows in an open case, for the roles given. The case view creates it
 * with the inputs it declares out of `centre` (the slug), `caseId` and `info` (the feature's part
 * of the portal info), and provides a `CaseViewHost` to inject.
 */
export interface CasePanel {
  readonly roles: readonly Role[];
  readonly component: LazyComponent;
  /** Shown after the panels all members of the case see (e.g. a counsellor's own notes). */
  readonly private?: boolean;
}

/** What a feature brings to the app besides its key; the registry says which features exist. */
export interface FeatureParts<K extends string = string, P extends string = string> {
  /** Texts the shell may show anywhere (the module's name, its navigation, its panels). */
  readonly texts: Texts<K>;
  /**
   * Texts only the feature's own pages (its `routes`) use: loaded with those routes, so they do
   * not weigh on the app's first load. Their keys are known to the compiler like the others.
   */
  readonly pageTexts?: () => Promise<Texts<P>>;
  /** Routes below /:centre (with their role guards); the portal adds the licence guard. */
  readonly routes?: () => Promise<Routes>;
  readonly nav?: readonly NavEntry<NoInfer<K>>[];
  readonly casePanels?: readonly CasePanel[];
  /** How a client without a case opens one (e.g. with an enquiry); gets `centre` and `info`. */
  readonly caseOpener?: LazyComponent;
  /**
   * An action on a case in the administration's board; gets `centre`, `caseId` and `compact`
   * (in a table row) and reports through the `CaseBoardHost`.
   */
  readonly caseAction?: LazyComponent;
  /** Realtime events after which lists of cases load again (e.g. an unread count changed). */
  readonly caseEvents?: readonly string[];
  /**
   * The feature's settings for one centre: in the administration's settings tab and on the
   * operator's page of the centre; gets `centre` (the slug).
   */
  readonly settingsPanel?: LazyComponent;
  /** Shown on the centre's portal page to everyone, below the welcome (gets `centre` and `info`). */
  readonly portalSection?: LazyComponent;
  /** Shown on the account page for these roles, below the profile (gets `centre` and `info`). */
  readonly accountPanel?: { readonly roles: readonly Role[]; readonly component: LazyComponent };
  /** A tab of its own in the administration's page (gets `centre`). */
  readonly adminTab?: { readonly label: NoInfer<K>; readonly component: LazyComponent };
}

/** A feature as the registry lists it. */
export type FrontendFeature = FeatureParts & {
  readonly key: FeatureKey;
  /** People can be counselled through it: a preferred way of contact. */
  readonly contactChannel?: boolean;
};

/** Keeps a feature's text keys in its type, so the app's dictionary type knows them. */
export function featureParts<const K extends string, const P extends string = never>(parts: FeatureParts<K, P>): FeatureParts<K, P> {
  return parts;
}
