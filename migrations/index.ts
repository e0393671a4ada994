import { CreateKernel1795703400000 } from './1795703400000-CreateKernel.js';
import { AddAccountLifecycle1795710000000 } from './1795710000000-AddAccountLifecycle.js';
import { AddCases1795720000000 } from './1795720000000-AddCases.js';
import { SecureLogins1795730000000 } from './1795730000000-SecureLogins.js';

/**
 * The kernel's migrations, oldest first. Features bring their own (`FeatureDefinition.migrations`);
 * the composition root runs both, ordered by their timestamps.
 */
export const KERNEL_MIGRATIONS = [CreateKernel1795703400000, AddAccountLifecycle1795710000000, AddCases1795720000000, SecureLogins1795730000000];
