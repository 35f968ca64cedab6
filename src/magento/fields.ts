// Magento's `fields` query parameter asks for part of a record: `items[entity_id,billing_address[city]],total_count`
// keeps those keys, at any depth, and drops the rest (Adobe's "Retrieve filtered responses for REST endpoints": simple
// top-level fields, whole objects, objects with selected fields, nested objects). A Magento order is ~12 KB of JSON of
// which the mapping reads about half; naming what the domain schema declares cuts the bytes Magento sends, the parse,
// the validation and what the queue stores (bench/RESULTS.md, section 8).
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object shape a schema reads, through optional, nullable, default, pipes and arrays; undefined for a leaf value. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      // An object that names no key (`z.looseObject({})`) is kept whole.
      return def.shape && Object.keys(def.shape).length > 0 ? def.shape : undefined;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? shapeOf(def.innerType) : undefined;
    case 'pipe':
      return def.in ? shapeOf(def.in) : undefined;
    case 'array':
      return def.element ? shapeOf(def.element) : undefined;
    default:
      // Unions, primitives, unknown: the value is taken whole.
      return undefined;
  }
}

/**
 * The `fields` list of every key an object schema declares, nested objects and arrays of objects by their own keys,
 * anything else whole: `entity_id,items[sku,qty],billing_address[city]`. A key the schema does not declare is not asked
 * for, so the mapping must read nothing beyond its schema (src/magento/fields.test.ts checks the order's).
 */
export function fieldsOf(schema: z.ZodType): string {
  const shape = shapeOf(schema);
  if (!shape) throw new Error('fieldsOf needs an object schema');
  return Object.entries(shape)
    .map(([key, value]) => {
      const inner = shapeOf(value);
      return inner ? `${key}[${fieldsOf(value)}]` : key;
    })
    .join(',');
}

/** `fields` for a search: the records' keys under `items`, and the unpaged count (the stream stops by it). */
export function searchFields(item: z.ZodType): string {
  return `items[${fieldsOf(item)}],total_count`;
}
