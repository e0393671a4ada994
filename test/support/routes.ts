import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

import type { Role } from '../../src/contracts/roles.js';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/identity/auth/auth.decorators.js';
import { FEATURE_KEY } from '../../src/tenancy/feature.decorator.js';

export interface RouteInfo {
  controller: string;
  handler: string;
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[] | undefined;
  feature: string | undefined;
}

const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** Every route Nest registered, with the access metadata its guards will read. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = [Reflect.getMetadata('path', wrapper.metatype) as string | string[]].flat();
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const handlerPaths = [Reflect.getMetadata('path', handler) as string | string[]].flat();
      const targets = [handler, wrapper.metatype];
      for (const cp of controllerPaths) {
        for (const hp of handlerPaths) {
          routes.push({
            controller: wrapper.metatype.name,
            handler: name,
            method: RequestMethod[method],
            path: join(cp ?? '', hp ?? ''),
            isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
            roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
            feature: reflector.getAllAndOverride<string | undefined>(FEATURE_KEY, targets),
          });
        }
      }
    }
  }
  return routes;
}

/** Fills path parameters: the given centre, random ids for everything else. */
export function concretePath(path: string, centre: string): string {
  return path.replace(/:centre\b/, centre).replace(/:kind\b/, 'logo').replace(/:[A-Za-z]+/g, '01a2184c-0000-7000-8000-000000000000');
}
