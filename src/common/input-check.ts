import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

import type { FieldProblem } from './domain-error.js';
import { MAX_JSON_DEPTH } from './json-body.js';

/**
 * Keys that name an object's machinery, not data. class-transformer drops `__proto__` and
 * `constructor` silently before the whitelist could see them; they are refused like any unknown
 * field instead, at any depth.
 */
export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What no text of the API may carry: control characters (C0 except tab, line feed and carriage
 * return; DEL; C1) and lone surrogates (`\p{Cs}` matches only unpaired halves in a `u` pattern: a
 * pair is one code point there). Single-line fields refuse tab and line breaks as well (`TextField`).
 */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Cs}/u;

/** Whether a text is fit to be stored: well-formed (no lone surrogates), no forbidden control characters. */
export function isCleanText(text: string): boolean {
  return !FORBIDDEN_CHARACTERS.test(text);
}

/**
 * Bounds the walk for values that did not come through the JSON body parser's depth check (socket
 * payloads): as deep as a body may be.
 */
const MAX_WALK_DEPTH = MAX_JSON_DEPTH;

type Metatype = abstract new (...args: never[]) => unknown;

interface PropertyDoc {
  required?: boolean;
  nullable?: boolean;
  isArray?: boolean;
  type?: unknown;
}

/** What the OpenAPI document says of a DTO's property (the contract the fuzz test checks too). */
function propertyDoc(cls: Metatype, key: string): PropertyDoc | undefined {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype as object, key) as PropertyDoc | undefined;
}

const validated = new WeakMap<Metatype, Set<string>>();

/** The properties class-validator knows on a DTO: the ones the whitelist lets through. */
function validatedProperties(cls: Metatype): Set<string> {
  let names = validated.get(cls);
  if (!names) {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false);
    names = new Set(metadata.map((m) => m.propertyName));
    validated.set(cls, names);
  }
  return names;
}

/** A nested DTO class a property is documented with (`@ApiProperty({ type: NestedDto })`), if any. */
function nestedClass(doc: PropertyDoc | undefined): Metatype | undefined {
  let type = doc?.type;
  // Lazy types (`type: () => NestedDto`) are arrow functions: they have no prototype.
  if (typeof type === 'function' && (type as { prototype?: unknown }).prototype === undefined) type = (type as () => unknown)();
  if (typeof type !== 'function' || !Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, (type as Metatype).prototype as object)) return undefined;
  return type as Metatype;
}

/** A DTO class, as opposed to the built-in types a parameter may be declared with. */
export const isDto = (cls: unknown): cls is Metatype =>
  typeof cls === 'function' && ![String, Number, Boolean, Array, Object, Buffer, Date].includes(cls as never);

/**
 * Checks a body or query as it arrived, before class-transformer turns it into a DTO:
 *
 * - prototype keys (`__proto__`, `constructor`, `prototype`) are unknown fields, at any depth;
 * - every text, key or value, must be well-formed (no lone surrogates) and free of control
 *   characters other than tab and line breaks;
 * - `null` is a value only where the DTO documents the property as nullable; elsewhere it is
 *   "required" (required properties) or "leave it out" (optional ones). `@IsOptional()` alone
 *   would let null through to the services.
 *
 * Returns the field problems; the caller refuses the input when there are any, before any
 * validator sees a value that could make it throw (validator.js's isEmail throws on a lone
 * surrogate).
 */
export function inspectInput(value: unknown, cls?: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, code: string, params: Record<string, unknown> = {}) => {
    const key = `${field}\u0000${code}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ field, code, params });
  };
  // `top`: the body's own key the walk is under, named when a value nests too deep (as the parser does).
  const walk = (node: unknown, field: string, dto: Metatype | undefined, depth: number, top: string): void => {
    if (typeof node === 'string') {
      if (!isCleanText(node)) add(field, 'field.characters');
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (depth > MAX_WALK_DEPTH) return add(top, 'field.depth', { max: MAX_WALK_DEPTH });
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, typeof item === 'object' && item !== null ? join(field, String(i)) : field, dto, depth + 1, top));
      return;
    }
    const known = dto ? validatedProperties(dto) : undefined;
    for (const key of Object.keys(node)) {
      const path = join(field, key);
      if (PROTOTYPE_KEYS.has(key)) {
        add(path, 'field.unknown');
        continue;
      }
      if (!isCleanText(key)) {
        // Named, but not echoed with what made it unfit.
        add(join(field, key.replace(new RegExp(FORBIDDEN_CHARACTERS.source, 'gu'), '\ufffd')), 'field.unknown');
        continue;
      }
      const child = (node as Record<string, unknown>)[key];
      const doc = dto ? propertyDoc(dto, key) : undefined;
      if (child === null && dto && known!.has(key) && !doc?.nullable) {
        add(path, doc?.required === false ? 'field.null' : 'field.required');
        continue;
      }
      walk(child, path, nestedClass(doc), depth + 1, field ? top : key);
    }
  };
  walk(value, '', isDto(cls) ? cls : undefined, 0, '');
  return problems;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);
