import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

import express, { type RequestHandler } from 'express';

import { DomainError } from './domain-error.js';

/**
 * How deep a JSON body may nest: objects and arrays, the body itself counting as the first level.
 * Every DTO is two levels deep today (an object holding a list of ids); 32 leaves room for nested
 * DTOs and keeps class-transformer's and class-validator's recursion far from the stack's end.
 */
export const MAX_JSON_DEPTH = 32;

/** Longest field name echoed back in a depth error (a key may be as long as the body). */
const MAX_FIELD_ECHO = 200;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * The top-level key under which a body first nests deeper than `max`, `''` when the body itself
 * is the deep part (a list of lists), or `undefined` when it stays within the limit. A linear scan
 * over the bytes, before `JSON.parse` builds anything: brackets inside strings do not count, and
 * malformed JSON is left for the parser to refuse.
 */
export function tooDeepAt(bytes: Uint8Array, max = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let topIsObject = false;
  // The last string that ended on the first level: in an object, the key of what follows.
  let keyStart = -1;
  let keyEnd = -1;
  let stringStart = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) {
        inString = false;
        if (depth === 1) {
          keyStart = stringStart;
          keyEnd = i + 1;
        }
      }
      continue;
    }
    if (b === QUOTE) {
      inString = true;
      stringStart = i;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (depth === 0) topIsObject = b === OPEN_OBJECT;
      if (++depth > max) return topIsObject && keyStart >= 0 ? keyName(bytes.subarray(keyStart, keyEnd)) : '';
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    }
  }
  return undefined;
}

function keyName(literal: Uint8Array): string {
  try {
    const key: unknown = JSON.parse(Buffer.from(literal).toString('utf8'));
    return typeof key === 'string' ? key.slice(0, MAX_FIELD_ECHO) : '';
  } catch {
    return '';
  }
}

/**
 * Checks the raw bytes of a JSON body before they are decoded and parsed: UTF-8 only (RFC 8259),
 * and valid UTF-8 (no replacement characters stored in place of what was sent; encoded surrogates
 * and overlong forms are invalid too), nested at most {@link MAX_JSON_DEPTH} levels.
 */
export function checkJsonBytes(bytes: Buffer, charset: string | null): void {
  if (charset !== null && charset !== 'utf-8') throw new DomainError('BODY_ENCODING', 415);
  if (!isUtf8(bytes)) throw new DomainError('BODY_ENCODING', 400);
  const field = tooDeepAt(bytes);
  if (field === undefined) return;
  const params = { max: MAX_JSON_DEPTH };
  throw new DomainError('BODY_TOO_DEEP', 400, params, field ? [{ field, code: 'field.depth', params }] : []);
}

/**
 * The JSON body parser: body-parser's, with the raw bytes checked before `JSON.parse` runs (a
 * refusal there becomes the problem answer through the global filter). Other content types are
 * not parsed: their body stays undefined, which a DTO sees as empty.
 */
export function jsonBody(options: { limit: string }): RequestHandler {
  return express.json({
    limit: options.limit,
    verify: (_req: IncomingMessage, _res: ServerResponse, bytes: Buffer, charset: string) => checkJsonBytes(bytes, charset),
  });
}
