import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** What a handler reads of a request besides its path: a body (`@Body()`), a query (`@Query()`). */
export interface DeclaredInputs {
  body: boolean;
  query: boolean;
}

/**
 * Per route (`METHOD /path/:param`, as `listRoutes` names them), whether its handler takes a body
 * or a query, from the parameter decorators Nest registered. The fuzz walk checks the OpenAPI
 * document against it, so a body the document forgot is not left untested.
 */
export function declaredInputs(app: INestApplication): Map<string, DeclaredInputs> {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const out = new Map<string, DeclaredInputs>();
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPaths = [Reflect.getMetadata('path', wrapper.metatype) as string | string[]].flat();
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype, name) ?? {}) as Record<string, unknown>;
      const types = Object.keys(args).map((key) => Number(key.split(':')[0]));
      const inputs = { body: types.includes(RouteParamtypes.BODY), query: types.includes(RouteParamtypes.QUERY) };
      for (const cp of controllerPaths) {
        for (const hp of [Reflect.getMetadata('path', handler) as string | string[]].flat()) {
          out.set(`${RequestMethod[method]} ${join(cp ?? '', hp ?? '')}`, inputs);
        }
      }
    }
  }
  return out;
}
