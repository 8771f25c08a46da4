/**
 * The audit_class parser (`/etc/security/audit_class`, audit_class(5)):
 * `mask:name:description` lines read as libbsm's `getauclassent_r` reads
 * them (bsm_class.c): fields split with `strtok_r` on `:`, the mask read
 * with `strtoul(…, 0)` into a `u_int32_t`, lines with fewer than three
 * fields, a name of 8 characters or more (`AU_CLASS_NAME_MAX`) or a
 * description of 72 or more (`AU_CLASS_DESC_MAX`) skipped. Deliberate
 * difference, reported: libbsm stops reading at its first invalid line (a
 * blank line hides every class after it); here invalid lines are skipped
 * and reading goes on.
 *
 * @module
 */

import {
  AU_CLASS_DESC_MAX,
  AU_CLASS_NAME_MAX,
  type AuditTableFile,
  collector,
  type ParseTableOptions,
  readLines,
  type SourceLine,
  strtok,
  strtoulU32,
} from "./table-lines";

/** One line of an audit_class file. */
export interface AuditClassEntry {
  /** Class bit mask (unsigned 32-bit). */
  mask: number;
  /** Short name, such as `fr`. */
  name: string;
  /** Description, such as `file read`. */
  description: string;
}

/**
 * Parses an audit_class file: lines `0xmask:name:description`. `#` lines and
 * blank lines are skipped; lines libbsm would not read are skipped and
 * reported with their line number.
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the entries with their line numbers, the comments and the problem lines
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditClassFile(
  text: string,
  options?: ParseTableOptions,
): AuditTableFile<AuditClassEntry> {
  const { issues, report, finish } = collector(options);
  const out: AuditClassEntry[] = [];
  const lines: number[] = [];
  const comments: SourceLine[] = [];
  for (const { line, text: raw } of readLines(text, report)) {
    if (raw.startsWith("#")) {
      comments.push({ line, text: raw });
      continue;
    }
    if (raw.trim() === "") {
      if (raw !== "") {
        report({ line, text: raw, action: "skipped", message: "line holds only white space" });
      }
      continue;
    }
    const f = strtok(raw, ":");
    if (f.length < 3) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `expected mask:name:description, found ${f.length} non-empty field${f.length === 1 ? "" : "s"}`,
      });
      continue;
    }
    const [flag, name, description] = f;
    if (name.length >= AU_CLASS_NAME_MAX) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `class name is ${name.length} characters; libbsm rejects ${AU_CLASS_NAME_MAX} or more`,
      });
      continue;
    }
    if (description.length >= AU_CLASS_DESC_MAX) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `class description is ${description.length} characters; libbsm rejects ${AU_CLASS_DESC_MAX} or more`,
      });
      continue;
    }
    const { value, clean } = strtoulU32(flag);
    if (!clean) {
      report({
        line,
        text: raw,
        action: "kept",
        message: `class mask '${flag}' is not a plain number; libbsm reads it as 0x${value.toString(16).padStart(8, "0")}`,
      });
    }
    lines.push(line);
    out.push({ mask: value >>> 0, name, description });
  }
  finish();
  return { source: options?.source, entries: out, lines, comments, issues };
}

/**
 * The entries of an audit_class file (see {@link parseAuditClassFile}, which
 * also keeps line numbers, comments and problem lines).
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the valid entries, in file order
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditClass(text: string, options?: ParseTableOptions): AuditClassEntry[] {
  return parseAuditClassFile(text, options).entries;
}
