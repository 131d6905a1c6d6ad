// Validation of an uploaded JSON Resume, for the REST layer: loose on purpose. It checks that the
// document and its known containers have the right JSON type and lets every other value through.

import { z } from 'zod';
import { RESUME_SCHEMA, isTextList, type FieldSpec, type Fields } from './schema.ts';
import type { JsonResumeInput } from './jsonresume.ts';

type Shape = Record<string, z.ZodOptional<z.ZodType>>;

function shapeOf(fields: Fields): Shape {
  const shape: Shape = {};
  for (const [key, spec] of Object.entries(fields)) {
    const schema = containerSchema(spec);
    if (schema) shape[key] = schema.optional();
  }
  return shape;
}

/** Text fields accept any value (kept as it is); string arrays, objects and lists must be such. */
function containerSchema(spec: FieldSpec): z.ZodType | undefined {
  if (spec === 'text') return undefined;
  if (isTextList(spec)) return z.array(z.unknown());
  if (spec.kind === 'object') return z.looseObject(shapeOf(spec.fields));
  return z.array(z.looseObject(shapeOf(spec.fields)));
}

/**
 * An object whose known sections are of the right type (basics and meta objects, the other
 * sections arrays of objects, string-array fields arrays, basics.location an object, profiles an
 * array of objects). Unknown fields, and any value of a text field, are allowed and kept.
 */
export const jsonResumeInput: z.ZodType<JsonResumeInput> = /* @__PURE__ */ buildInputSchema();

// Built in a function marked pure so that bundles which never use the schema (the browser
// editor) drop it, and zod with it.
function buildInputSchema(): z.ZodType<JsonResumeInput> {
  return z.looseObject({ ...shapeOf(RESUME_SCHEMA), meta: z.looseObject({}).optional() });
}
