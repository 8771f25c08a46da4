/**
 * The Parquet columns of the native and OCSF formats: nested fields stay
 * nested (structs and lists DuckDB, Spark, Trino and Athena query as
 * `subject.auid`, `paths[1]`...); the tokens (native) and OCSF's `unmapped`
 * are JSON text columns, queryable with each engine's JSON functions
 * (DuckDB: `tokens->>'$[0].type'`; Athena, Trino: `json_extract`; Spark:
 * `get_json_object`).
 *
 * @module
 */

import type { NativeRecord } from "../json/native";
import type { OcsfRecord } from "../json/ocsf-record";

/** A column's type: a leaf, a struct of columns, or a list of strings. */
export type ColumnType =
  | "string"
  | "int32"
  | "uint32"
  | "int64"
  | "bool"
  | "timestamp"
  | "json"
  | { struct: readonly ColumnDef[] }
  | "strings";

/** One column (or struct member). */
export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}

/** A Parquet schema element (parquet-format's SchemaElement, the fields used here). */
export interface SchemaElement {
  name: string;
  type?: "BOOLEAN" | "INT32" | "INT64" | "BYTE_ARRAY";
  converted_type?: "UTF8" | "UINT_32" | "TIMESTAMP_MILLIS" | "JSON" | "LIST";
  repetition_type?: "REQUIRED" | "OPTIONAL" | "REPEATED";
  num_children?: number;
}

const LEAF: Record<string, Omit<SchemaElement, "name">> = {
  string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  int32: { type: "INT32" },
  uint32: { type: "INT32", converted_type: "UINT_32" },
  int64: { type: "INT64" },
  bool: { type: "BOOLEAN" },
  timestamp: { type: "INT64", converted_type: "TIMESTAMP_MILLIS" },
  // JSON text in a UTF8 column: stringified as each row arrives, so a row
  // group holds one string per row rather than the objects (hyparquet's
  // JSON type would hold the objects and stringify them at the flush).
  json: { type: "BYTE_ARRAY", converted_type: "UTF8" },
};

function elements(c: ColumnDef, out: SchemaElement[]): void {
  const t = c.type;
  if (t === "strings") {
    // The three-level LIST of parquet-format's LogicalTypes.md.
    out.push({
      name: c.name,
      repetition_type: "OPTIONAL",
      converted_type: "LIST",
      num_children: 1,
    });
    out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
    out.push({ name: "element", repetition_type: "OPTIONAL", ...LEAF.string });
  } else if (typeof t === "object") {
    out.push({ name: c.name, repetition_type: "OPTIONAL", num_children: t.struct.length });
    for (const m of t.struct) elements(m, out);
  } else {
    out.push({ name: c.name, repetition_type: "OPTIONAL", ...LEAF[t] });
  }
}

/** The flattened Parquet schema of some columns (root first). */
export function parquetSchema(columns: readonly ColumnDef[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  for (const c of columns) elements(c, out);
  return out;
}

const c = (name: string, type: ColumnType): ColumnDef => ({ name, type });
const struct = (...members: ColumnDef[]): ColumnType => ({ struct: members });

/** A format's columns and how each record fills them. */
export interface Columns<R> {
  readonly defs: readonly ColumnDef[];
  /** The value of each column for a record, in `defs` order. */
  readonly values: (r: R) => unknown[];
}

const PROCESS = struct(c("pid", "uint32"), c("executable", "string"), c("args", "strings"));

/** The native format's columns. */
export const NATIVE_COLUMNS: Columns<NativeRecord> = {
  defs: [
    c("kind", "string"),
    c("time", "timestamp"),
    c(
      "event",
      struct(
        c("number", "int32"),
        c("name", "string"),
        c("description", "string"),
        c("classes", "strings"),
      ),
    ),
    c("modifier", "int32"),
    c("version", "int32"),
    c("host", "string"),
    c(
      "subject",
      struct(
        ...["auid", "euid", "egid", "ruid", "rgid", "pid", "sid"].map((n) => c(n, "uint32")),
        c("port", "string"),
        c("address", "string"),
        ...["auidName", "euidName", "ruidName", "egidName", "rgidName"].map((n) => c(n, "string")),
      ),
    ),
    c(
      "return",
      struct(
        c("success", "bool"),
        c("errno", "int32"),
        c("errnoName", "string"),
        c("value", "string"),
      ),
    ),
    c("paths", "strings"),
    c("args", "strings"),
    c("env", "strings"),
    c("tokens", "json"),
    c("source", struct(c("file", "string"), c("offset", "int64"), c("length", "int32"))),
    c("damaged", "bool"),
    c("parent", PROCESS),
  ],
  values: (r) => [
    r.kind,
    r.timeMs === null ? null : BigInt(r.timeMs),
    r.event,
    r.modifier,
    r.version,
    r.host,
    r.subject,
    r.return,
    r.paths,
    r.args,
    r.env,
    JSON.stringify(r.tokens),
    { file: r.source.file, offset: BigInt(r.source.offset), length: r.source.length },
    r.damaged,
    r.parent ?? null,
  ],
};

const OCSF_FILE = struct(
  c("path", "string"),
  c("name", "string"),
  c("parent_folder", "string"),
  c("type_id", "int32"),
);
const OCSF_PROCESS_FIELDS = [
  c("pid", "uint32"),
  c("name", "string"),
  c("cmd_line", "string"),
  c("file", OCSF_FILE),
];
const OCSF_USER = struct(c("uid", "string"), c("name", "string"));
const OCSF_ENDPOINT = struct(c("ip", "string"), c("port", "int32"), c("name", "string"));

/** OCSF's columns: its attributes, nested as OCSF nests them. */
export const OCSF_COLUMNS: Columns<OcsfRecord> = {
  defs: [
    ...["activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "status_id"].map(
      (n) => c(n, "int32"),
    ),
    ...[
      "activity_name",
      "category_name",
      "class_name",
      "type_name",
      "severity",
      "status",
      "status_code",
    ].map((n) => c(n, "string")),
    c("time", "timestamp"),
    c("message", "string"),
    c(
      "metadata",
      struct(
        c("version", "string"),
        c(
          "product",
          struct(c("name", "string"), c("vendor_name", "string"), c("version", "string")),
        ),
        c("log_name", "string"),
        c("original_time", "string"),
      ),
    ),
    c("device", struct(c("type_id", "int32"), c("ip", "string"))),
    c(
      "actor",
      struct(
        c("user", OCSF_USER),
        c(
          "process",
          struct(...OCSF_PROCESS_FIELDS, c("parent_process", struct(...OCSF_PROCESS_FIELDS))),
        ),
        c("session", struct(c("uid", "string"))),
      ),
    ),
    c(
      "process",
      struct(...OCSF_PROCESS_FIELDS, c("parent_process", struct(...OCSF_PROCESS_FIELDS))),
    ),
    c("exit_code", "int32"),
    c("file", OCSF_FILE),
    c("user", OCSF_USER),
    c("service", struct(c("name", "string"))),
    c("src_endpoint", OCSF_ENDPOINT),
    c("dst_endpoint", OCSF_ENDPOINT),
    c("unmapped", "json"),
  ],
  values: (r) => {
    const out: unknown[] = [];
    for (const d of OCSF_COLUMNS.defs) {
      const v = r[d.name];
      out.push(
        v === null || v === undefined
          ? null
          : d.name === "time"
            ? BigInt(v as number)
            : d.type === "json"
              ? JSON.stringify(v)
              : v,
      );
    }
    return out;
  },
};
