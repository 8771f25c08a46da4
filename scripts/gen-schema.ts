/**
 * Writes `schema/record.json`, the JSON Schema of the native format, from
 * the token table (src/json/schema.ts). `npm run gen:schema`;
 * test/json-schema.test.ts regenerates it and fails on any difference.
 *
 * @module
 */

import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { recordSchema } from "../src/json/schema";

/** Path of the schema file in the repository. */
export const SCHEMA_PATH = "schema/record.json";

/** The schema file's text. */
export function schemaText(): string {
  return `${JSON.stringify(recordSchema(), null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  writeFileSync(join(root, SCHEMA_PATH), schemaText());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
