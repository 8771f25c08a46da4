/**
 * The audit_event parser (`/etc/security/audit_event`, audit_event(5)):
 * `number:name:description:classes` lines read as libbsm's
 * `getauevent_r` reads them (bsm_event.c). The single parser of the
 * project: the bundled tables (`scripts/gen-tables.ts`), `EventTable`,
 * `loadEventTable` and `loadAuditConfig` all read through it.
 *
 * libbsm semantics mirrored here: a line is split on `:` with `strtok_r`,
 * so empty fields vanish (`43082:AUE_RTPRIO::rtprio(2):pc` has the
 * description `rtprio(2)`), fields after the fourth are ignored; a line is
 * skipped when it has fewer than four fields, a name of 30 characters or
 * more (`AU_EVENT_NAME_MAX`) or a description of 50 or more
 * (`AU_EVENT_DESC_MAX`); the number is read with `atoi` into a `u_int16_t`;
 * `fgets` reads at most 255 characters per call, so a longer line is read
 * as several. Deliberate difference, reported: `#` lines are always
 * comments here, where libbsm would read a `#` line with four fields as an
 * event.
 *
 * @module
 */

import {
  AU_EVENT_DESC_MAX,
  AU_EVENT_NAME_MAX,
  type AuditTableFile,
  atoi,
  collector,
  type ParseTableOptions,
  readLines,
  type SourceLine,
  strtok,
} from "./table-lines";

/** One line of an audit_event file. */
export interface AuditEventEntry {
  /** Event number (`u_int16_t`, as libbsm stores it). */
  number: number;
  /** Short name, such as `AUE_EXECVE` (what `praudit -s` prints). */
  name: string;
  /** Description, such as `execve(2)` (what `praudit` prints). */
  description: string;
  /** Class names as written, prefixes included (`["pc", "ex"]`). */
  classes: string[];
}

/**
 * Parses an audit_event file: lines `number:name:description:class1,class2`.
 * `#` lines and blank lines are skipped; lines libbsm would not read are
 * skipped and reported with their line number. Entries come back in file
 * order, duplicates included (lookups take the first, as `EventTable` does).
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the entries with their line numbers, the comments and the problem lines
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditEventFile(
  text: string,
  options?: ParseTableOptions,
): AuditTableFile<AuditEventEntry> {
  const { issues, report, finish } = collector(options);
  const out: AuditEventEntry[] = [];
  const lines: number[] = [];
  const comments: SourceLine[] = [];
  for (const { line, text: raw } of readLines(text, report)) {
    if (raw.trim() === "") continue;
    const f = strtok(raw, ":");
    if (raw.startsWith("#")) {
      comments.push({ line, text: raw });
      if (f.length >= 4 && f[1].length < AU_EVENT_NAME_MAX && f[2].length < AU_EVENT_DESC_MAX) {
        report({
          line,
          text: raw,
          action: "skipped",
          message: `comment line has four ':' fields: libbsm would read it as event ${atoi(f[0]) & 0xffff}`,
        });
      }
      continue;
    }
    if (f.length < 4) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `expected number:name:description:classes, found ${f.length} non-empty field${f.length === 1 ? "" : "s"}`,
      });
      continue;
    }
    const [evno, name, description, evclass] = f;
    if (name.length >= AU_EVENT_NAME_MAX) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `event name is ${name.length} characters; libbsm rejects ${AU_EVENT_NAME_MAX} or more`,
      });
      continue;
    }
    if (description.length >= AU_EVENT_DESC_MAX) {
      report({
        line,
        text: raw,
        action: "skipped",
        message: `event description is ${description.length} characters; libbsm rejects ${AU_EVENT_DESC_MAX} or more`,
      });
      continue;
    }
    const full = atoi(evno);
    const number = full & 0xffff;
    if (!/^\d+$/.test(evno) || full !== number) {
      report({
        line,
        text: raw,
        action: "kept",
        message: `event number '${evno}' is not a decimal in 0..65535; libbsm reads it as ${number}`,
      });
    }
    if (f.length > 4 || raw.includes("::") || raw.startsWith(":") || raw.endsWith(":")) {
      report({
        line,
        text: raw,
        action: "kept",
        message:
          "empty or extra ':' fields; read with strtok semantics (empty fields vanish, extra ones are ignored)",
      });
    }
    if (evclass.endsWith("\r")) {
      report({
        line,
        text: raw,
        action: "kept",
        message: "line ends with a carriage return; libbsm keeps it in the last class name",
      });
    }
    lines.push(line);
    out.push({ number, name, description, classes: strtok(evclass, ",") });
  }
  finish();
  return { source: options?.source, entries: out, lines, comments, issues };
}

/**
 * The entries of an audit_event file (see {@link parseAuditEventFile}, which
 * also keeps line numbers, comments and problem lines).
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the valid entries, in file order
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditEvent(text: string, options?: ParseTableOptions): AuditEventEntry[] {
  return parseAuditEventFile(text, options).entries;
}
