/**
 * The JSON Schema (draft 2020-12) of the native format, built from the
 * token table: one subschema per row (its `type`, `id` and fields, each by
 * the JSON form of its wire kind, see token-json.ts). `npm run gen:schema`
 * writes it to `schema/record.json`, shipped in the package as
 * `bsm-trail/schema/record.json`; a test regenerates it and fails on any
 * difference.
 *
 * @module
 */

import { LAYOUTS, type TokenLayout, UNKNOWN_LAYOUT } from "../spec/layouts";
import { RECORD_SCHEMA_VERSION } from "./native";
import { JSON_FORM, type JsonForm } from "./token-json";

type Schema = Record<string, unknown>;

const U32_MAX = 4294967295;
const INTEGER: Readonly<Record<string, Schema>> = {
  u8: { type: "integer", minimum: 0, maximum: 255 },
  u16: { type: "integer", minimum: 0, maximum: 65535 },
  u32: { type: "integer", minimum: 0, maximum: U32_MAX },
};
const DECIMAL: Schema = { type: "string", pattern: "^[0-9]+$" };
const HEX: Schema = { type: "string", pattern: "^([0-9a-f]{2})*$" };
const STRING: Schema = { type: "string" };
const U32: Schema = INTEGER.u32;
const NULLABLE_STRING: Schema = { type: ["string", "null"] };
const STRINGS: Schema = { type: "array", items: STRING };

const FORMS: Readonly<Record<Exclude<JsonForm, "integer">, Schema>> = {
  decimal: DECIMAL,
  text: STRING,
  texts: STRINGS,
  integers: { type: "array", items: U32 },
  hex: HEX,
};

function tokenSchema(layout: TokenLayout): Schema {
  const properties: Schema = {
    type: { const: layout.type },
    id: layout.id < 0 ? INTEGER.u8 : { type: "integer", const: layout.id },
  };
  const required = ["type", "id"];
  for (const f of layout.fields) {
    const form = JSON_FORM[f.kind];
    properties[f.name] = form === "integer" ? INTEGER[f.kind] : FORMS[form];
    required.push(f.name);
  }
  return { type: "object", properties, required, additionalProperties: false };
}

function object(properties: Schema, optional: readonly string[] = []): Schema {
  return {
    type: "object",
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

const PROCESS = object({
  pid: U32,
  executable: NULLABLE_STRING,
  args: { type: ["array", "null"], items: STRING },
});

/** The JSON Schema of one native record (draft 2020-12). */
export function recordSchema(): Schema {
  const defs: Schema = {};
  const layouts = [...LAYOUTS, UNKNOWN_LAYOUT];
  for (const l of layouts) defs[`token_${l.type}`] = tokenSchema(l);
  const types = layouts.map((l) => l.type);
  const names = ["auidName", "euidName", "ruidName", "egidName", "rgidName"];
  const subject = object(
    {
      auid: U32,
      euid: U32,
      egid: U32,
      ruid: U32,
      rgid: U32,
      pid: U32,
      sid: U32,
      port: DECIMAL,
      address: STRING,
      ...Object.fromEntries(names.map((n) => [n, STRING])),
    },
    names,
  );
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:bsm-trail:schema:record:${RECORD_SCHEMA_VERSION}`,
    title: `bsm-trail native record, version ${RECORD_SCHEMA_VERSION}`,
    description:
      "One OpenBSM audit record as `bsm-trail json` writes it (one per line). Generated from the token table by `npm run gen:schema`.",
    ...object(
      {
        kind: { enum: ["header", "file"] },
        time: {
          type: ["string", "null"],
          pattern: "^[0-9+-]+-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
        },
        timeMs: { type: ["integer", "null"] },
        event: object({
          number: INTEGER.u16,
          name: NULLABLE_STRING,
          description: NULLABLE_STRING,
          classes: STRINGS,
        }),
        modifier: INTEGER.u16,
        version: INTEGER.u8,
        host: NULLABLE_STRING,
        subject: { oneOf: [{ type: "null" }, subject] },
        return: {
          oneOf: [
            { type: "null" },
            object({
              success: { type: "boolean" },
              errno: INTEGER.u8,
              errnoName: NULLABLE_STRING,
              value: DECIMAL,
            }),
          ],
        },
        paths: STRINGS,
        args: STRINGS,
        env: STRINGS,
        tokens: {
          type: "array",
          // Dispatch on `type` (if/then per row) rather than oneOf: a
          // validator then checks one row's subschema, not every row's.
          items: {
            type: "object",
            required: ["type"],
            properties: { type: { enum: types } },
            allOf: types.map((t) => ({
              if: { properties: { type: { const: t } } },
              // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
              then: { $ref: `#/$defs/token_${t}` },
            })),
          },
        },
        source: object({
          file: NULLABLE_STRING,
          offset: { type: "integer", minimum: 0 },
          length: { type: "integer", minimum: 0 },
        }),
        damaged: { type: "boolean" },
        parent: { oneOf: [{ type: "null" }, PROCESS] },
      },
      ["parent"],
    ),
    $defs: defs,
  };
}
