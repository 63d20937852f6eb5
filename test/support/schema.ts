/**
 * A validator for the subset of JSON Schema used by docs/tree-json.schema.json (type, required,
 * properties, additionalProperties: false, items, enum, minimum, $ref to #/$defs). Returns the
 * list of violations with their paths; empty when the value conforms.
 */
type Schema = {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  items?: Schema;
  enum?: unknown[];
  minimum?: number;
  $ref?: string;
  $defs?: Record<string, Schema>;
};

export function validate(value: unknown, root: Schema): string[] {
  const errors: string[] = [];
  const walk = (v: unknown, s: Schema, path: string): void => {
    if (s.$ref !== undefined) {
      const name = s.$ref.replace("#/$defs/", "");
      const target = root.$defs?.[name];
      if (target === undefined) errors.push(`${path}: unknown $ref ${s.$ref}`);
      else walk(v, target, path);
      return;
    }
    if (s.enum !== undefined && !s.enum.includes(v)) errors.push(`${path}: ${String(v)} not in enum`);
    switch (s.type) {
      case "object": {
        if (typeof v !== "object" || v === null || Array.isArray(v)) {
          errors.push(`${path}: not an object`);
          return;
        }
        const o = v as Record<string, unknown>;
        for (const k of s.required ?? []) if (!(k in o)) errors.push(`${path}: missing ${k}`);
        for (const [k, x] of Object.entries(o)) {
          const p = s.properties?.[k];
          if (p !== undefined) walk(x, p, `${path}.${k}`);
          else if (s.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
        }
        return;
      }
      case "array":
        if (!Array.isArray(v)) errors.push(`${path}: not an array`);
        else for (const [i, x] of v.entries()) walk(x, s.items ?? {}, `${path}[${i}]`);
        return;
      case "integer":
        if (!Number.isInteger(v)) errors.push(`${path}: not an integer`);
        else if (s.minimum !== undefined && (v as number) < s.minimum) errors.push(`${path}: below minimum`);
        return;
      case "string":
      case "boolean":
        if (typeof v !== s.type) errors.push(`${path}: not a ${s.type}`);
        return;
      default:
        return;
    }
  };
  walk(value, root, "$");
  return errors;
}
