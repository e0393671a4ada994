import type { DiscoveryService } from '@nestjs/core';

/**
 * Every provider of the running app that implements `port` (an abstract class): kernel ports
 * find their feature implementations this way, without the features registering by hand.
 */
export function implementationsOf<T extends object>(discovery: DiscoveryService, port: abstract new (...args: never[]) => T): T[] {
  const found = new Set<T>();
  for (const wrapper of discovery.getProviders()) {
    const instance: unknown = wrapper.instance;
    if (instance instanceof port) found.add(instance);
  }
  return [...found];
}
