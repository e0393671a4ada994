import type { AccountStatus } from '@contracts/accounts';
import type { AgeGroup, ContactType, Topic } from '@contracts/cases';
import type { FeatureKey } from '@contracts/modules';
import type { Role } from '@contracts/roles';

import type { TextKey } from './texts';

/**
 * Values the server sends that the app shows by name: the name of the role 'client' is the text
 * 'role.client'. Roles, account states, topics and age groups are fixed sets; modules and
 * contact types are whatever the server has installed.
 */
export interface LabelFamilies {
  role: Role;
  status: AccountStatus;
  topic: Topic;
  age: AgeGroup;
  module: FeatureKey;
  contact: ContactType;
}

export type LabelFamily = keyof LabelFamilies;

type FixedFamily = 'role' | 'status' | 'topic' | 'age';

/** The keys of the fixed sets, e.g. 'role.client'. */
export type FixedLabelKey = { [F in FixedFamily]: `${F}.${LabelFamilies[F]}` }[FixedFamily];

/** Fails to compile when a role, account state, topic or age group has no text. */
export type EveryFixedLabelHasText = Expect<[FixedLabelKey] extends [TextKey] ? true : false>;
type Expect<T extends true> = T;
