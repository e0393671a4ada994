import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { GATEWAY_METADATA, MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants.js';

import type { Role } from '../../src/contracts/roles.js';
import type { FeatureDefinition } from '../../src/features/feature-definition.js';
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

export interface SocketEventInfo {
  gateway: string;
  handler: string;
  event: string;
  isPublic: boolean;
  roles: Role[] | undefined;
  feature: string | undefined;
}

/** Every socket event a gateway subscribes to, with the access metadata the guards will read. */
export function listSocketEvents(app: INestApplication): SocketEventInfo[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const events: SocketEventInfo[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype || !Reflect.getMetadata(GATEWAY_METADATA, wrapper.metatype)) continue;
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as (...args: unknown[]) => unknown;
      if (!Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler)) continue;
      const targets = [handler, wrapper.metatype];
      events.push({
        gateway: wrapper.metatype.name,
        handler: name,
        event: Reflect.getMetadata(MESSAGE_METADATA, handler) as string,
        isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
        feature: reflector.getAllAndOverride<string | undefined>(FEATURE_KEY, targets),
      });
    }
  }
  return events;
}

/**
 * The controllers and gateways each feature's Nest module declares, with the @Feature they carry:
 * a feature's entry points must all be gated by its own key.
 */
export function featureEntryPoints(app: INestApplication, features: readonly FeatureDefinition[]): { feature: string; className: string; gatedBy: string | undefined }[] {
  const modules = app.get(ModulesContainer, { strict: false });
  const out: { feature: string; className: string; gatedBy: string | undefined }[] = [];
  for (const feature of features) {
    const metatype = 'module' in feature.module ? feature.module.module : feature.module;
    for (const module of modules.values()) {
      if (module.metatype !== metatype) continue;
      const classes = [
        ...[...module.controllers.values()].map((w) => w.metatype),
        ...[...module.providers.values()].map((w) => w.metatype).filter((m) => m && Reflect.getMetadata(GATEWAY_METADATA, m)),
      ].filter((m): m is NonNullable<typeof m> => typeof m === 'function');
      for (const cls of classes) out.push({ feature: feature.key, className: cls.name, gatedBy: Reflect.getMetadata(FEATURE_KEY, cls) as string | undefined });
    }
  }
  return out;
}
