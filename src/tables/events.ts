/**
 * Audit event and audit class tables (`/etc/security/audit_event`,
 * `/etc/security/audit_class`): parsing, and lookups that answer exactly as
 * OpenBSM's libbsm does for `praudit`.
 *
 * libbsm semantics mirrored here (libbsm/bsm_event.c, bsm_class.c,
 * bsm_flags.c):
 *
 * - A line is split on `:` with `strtok_r`, so empty fields vanish:
 *   `43082:AUE_RTPRIO::rtprio(2):pc` has the description `rtprio(2)` and the
 *   classes `pc`. Fields after the fourth (third for classes) are ignored.
 * - An event line is skipped when it has fewer than four fields, a name of
 *   30 characters or more (`AU_EVENT_NAME_MAX`) or a description of 50 or
 *   more (`AU_EVENT_DESC_MAX`). A class line likewise with three fields, 8
 *   and 72 (`AU_CLASS_NAME_MAX`, `AU_CLASS_DESC_MAX`).
 * - The event number is read with `atoi` and stored in a `u_int16_t`; the
 *   class mask with `strtoul(…, 0)` into a `u_int32_t`.
 * - `getauevnum_r`, which praudit uses to print a header's event, returns
 *   the FIRST valid line with that number (the shipped tables list 301,
 *   6168, 6171 and 6172 twice; praudit prints the first); a number with no
 *   line prints as its decimal value.
 * - An event's class mask is the success mask of `getauditflagsbin` over its
 *   class list (`^`, `+`, `-` prefixes honoured); one unknown class name
 *   makes the whole mask 0.
 * - `fgets` reads at most 255 characters per call: a longer line is read as
 *   several lines, and so it is here.
 *
 * Deliberate differences, each reported through {@link ParseTableOptions.onError}:
 * libbsm does not treat `#` specially in audit_event, so a comment line with
 * four `:`-separated fields would become an event there; here `#` lines are
 * always comments. libbsm stops reading audit_class at its first invalid
 * line (a blank line hides every class after it); here invalid class lines
 * are skipped and reading goes on.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import {
  type AuditClassLookup,
  AuditFlagsError,
  parseAuditFlags,
  readAuditFlag,
} from "./audit-flags";
import { APPLE_AUDIT_CLASS, APPLE_AUDIT_EVENT } from "./data/apple-tables";
import { OPENBSM_AUDIT_CLASS, OPENBSM_AUDIT_EVENT } from "./data/openbsm-tables";

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

/** One line of an audit_class file. */
export interface AuditClassEntry {
  /** Class bit mask (unsigned 32-bit). */
  mask: number;
  /** Short name, such as `fr`. */
  name: string;
  /** Description, such as `file read`. */
  description: string;
}

/** A problem found on one line of a table. */
export interface TableIssue {
  /** 1-based line number in the text. */
  line: number;
  /** What is wrong, and what was done about it. */
  message: string;
  /** The offending line as read. */
  text: string;
  /** `skipped`: the line yields no entry; `kept`: an entry was still made from it, as libbsm would. */
  action: "skipped" | "kept";
}

/** Options of {@link parseAuditEvent} and {@link parseAuditClass}. */
export interface ParseTableOptions {
  /** Called once per problem line. Without it, problems are silent (unless `strict`). */
  onError?: (issue: TableIssue) => void;
  /** Throw an {@link AuditTableError} listing every problem instead of going on. */
  strict?: boolean;
  /** Name of the file, for messages. */
  source?: string;
}

/** Thrown by strict parsing: every problem line of a table, with line numbers. */
export class AuditTableError extends Error {
  /** The problems, in line order. */
  readonly issues: readonly TableIssue[];
  /** The file name, when known. */
  readonly source: string | undefined;

  /**
   * @param issues - the problems found (at least one)
   * @param source - the file name, when known
   */
  constructor(issues: readonly TableIssue[], source?: string) {
    const where = source ?? "audit table";
    const lines = issues.map((i) => `  ${where}:${i.line}: ${i.message}`);
    super(
      `${issues.length} malformed line${issues.length === 1 ? "" : "s"} in ${where}:\n${lines.join("\n")}`,
    );
    this.name = "AuditTableError";
    this.issues = issues;
    this.source = source;
  }
}

/** libbsm's AU_LINE_MAX: `fgets` reads at most this minus one character per call. */
const AU_LINE_MAX = 256;
const AU_EVENT_NAME_MAX = 30;
const AU_EVENT_DESC_MAX = 50;
const AU_CLASS_NAME_MAX = 8;
const AU_CLASS_DESC_MAX = 72;

/** Splits like `strtok_r`: every run of delimiters separates, empty tokens vanish. */
function strtok(s: string, delim: string): string[] {
  const out: string[] = [];
  for (const part of s.split(delim)) if (part !== "") out.push(part);
  return out;
}

/** A physical line as libbsm's `fgets` + newline strip would see it. */
interface RawLine {
  line: number;
  text: string;
}

/** Splits a table into the lines libbsm reads, cutting over-long lines into 255-character pieces. */
function readLines(text: string, report: (issue: TableIssue) => void): RawLine[] {
  const out: RawLine[] = [];
  const physical = text.split("\n");
  if (physical.length > 0 && physical[physical.length - 1] === "") physical.pop();
  for (let i = 0; i < physical.length; i++) {
    const text = physical[i];
    const line = i + 1;
    if (text.length < AU_LINE_MAX - 1) {
      out.push({ line, text });
      continue;
    }
    // fgets(buf, 256) returns 255 characters, then the rest (with the newline).
    const withNl = `${text}\n`;
    const pieces: string[] = [];
    for (let p = 0; p < withNl.length; p += AU_LINE_MAX - 1) {
      pieces.push(withNl.slice(p, p + AU_LINE_MAX - 1).replace(/\n$/, ""));
    }
    if (pieces.length > 1) {
      report({
        line,
        text,
        action: "kept",
        message: `line is ${text.length} characters long; libbsm reads it as ${pieces.length} lines of at most ${AU_LINE_MAX - 1}`,
      });
    }
    for (const piece of pieces) out.push({ line, text: piece });
  }
  return out;
}

/** Runs a parse, collecting issues for `onError` / `strict`. */
function collector(options: ParseTableOptions | undefined): {
  report: (issue: TableIssue) => void;
  finish: () => void;
} {
  const issues: TableIssue[] = [];
  const onError = options?.onError;
  return {
    report(issue) {
      issues.push(issue);
      onError?.(issue);
    },
    finish() {
      if (options?.strict && issues.length > 0) throw new AuditTableError(issues, options.source);
    },
  };
}

/** C `atoi`: leading white space, optional sign, decimal digits; anything else stops it (0 if none). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s);
  if (m === null || m[2] === "") return 0;
  const v = Number(m[2].slice(-12)); // atoi overflow is undefined; keep it finite
  return m[1] === "-" ? -v : v;
}

/** C `strtoul(s, NULL, 0)` cast to `u_int32_t`. */
function strtoulU32(s: string): { value: number; clean: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)(.*)$/s.exec(s);
  if (m === null) return { value: 0, clean: false };
  const digits = m[2];
  let big: bigint;
  if (/^0[xX]/.test(digits)) big = BigInt(digits);
  else if (digits.length > 1 && digits[0] === "0") big = BigInt(`0o${digits.slice(1)}`);
  else big = BigInt(digits);
  const ULONG_MAX = (1n << 64n) - 1n;
  if (big > ULONG_MAX) big = ULONG_MAX;
  if (m[1] === "-") big = (1n << 64n) - big;
  return { value: Number(big & 0xffffffffn), clean: m[3] === "" };
}

/**
 * Parses an audit_event file: lines `number:name:description:class1,class2`.
 * `#` lines and blank lines are skipped; lines libbsm would not read are
 * skipped and reported with their line number. Entries come back in file
 * order, duplicates included (lookups take the first; see {@link EventTable}).
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the valid entries, in file order
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditEvent(text: string, options?: ParseTableOptions): AuditEventEntry[] {
  const { report, finish } = collector(options);
  const out: AuditEventEntry[] = [];
  for (const { line, text: raw } of readLines(text, report)) {
    if (raw.trim() === "") continue;
    const f = strtok(raw, ":");
    if (raw.startsWith("#")) {
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
    out.push({ number, name, description, classes: strtok(evclass, ",") });
  }
  finish();
  return out;
}

/**
 * Parses an audit_class file: lines `0xmask:name:description`. `#` lines and
 * blank lines are skipped; lines libbsm would not read are skipped and
 * reported with their line number.
 *
 * @param text - the file's content
 * @param options - error reporting: `onError` callback, or `strict` to throw
 * @returns the valid entries, in file order
 * @throws {@link AuditTableError} when `options.strict` is set and a line is malformed
 */
export function parseAuditClass(text: string, options?: ParseTableOptions): AuditClassEntry[] {
  const { report, finish } = collector(options);
  const out: AuditClassEntry[] = [];
  for (const { line, text: raw } of readLines(text, report)) {
    if (raw.startsWith("#")) continue;
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
    out.push({ mask: value >>> 0, name, description });
  }
  finish();
  return out;
}

const EMPTY: readonly AuditClassEntry[] = Object.freeze([]);

/**
 * An audit_event table (with its audit_class table, for class masks), looked
 * up as libbsm does: {@link EventTable.get} mirrors `getauevnum_r` (first
 * line with the number wins), {@link EventTable.byName} mirrors
 * `getauevnam_r`.
 */
export class EventTable implements AuditClassLookup {
  /** Every entry, in file order, duplicates included. */
  readonly entries: readonly AuditEventEntry[];
  /** The class table used for {@link EventTable.classMask}. */
  readonly classes: readonly AuditClassEntry[];
  /** First entry per event number; indexed by number (dense, holes are `undefined`). */
  readonly #byNumber: (AuditEventEntry | undefined)[];
  #byName: Map<string, AuditEventEntry> | undefined;
  /** Lower-cased name to the first entry of each name spelt so (lookupName). */
  #byFoldedName: Map<string, AuditEventEntry[]> | undefined;
  #classByName: Map<string, AuditClassEntry> | undefined;
  #masks: Map<AuditEventEntry, number> | undefined;

  /**
   * @param entries - audit_event entries in file order
   * @param classes - audit_class entries in file order (empty: every class mask is 0)
   */
  constructor(entries: readonly AuditEventEntry[], classes: readonly AuditClassEntry[] = EMPTY) {
    this.entries = entries;
    this.classes = classes;
    let max = -1;
    for (const e of entries) if (e.number > max) max = e.number;
    const byNumber: (AuditEventEntry | undefined)[] = new Array(max + 1).fill(undefined);
    for (const e of entries) {
      const n = e.number & 0xffff;
      if (byNumber[n] === undefined) byNumber[n] = e;
    }
    this.#byNumber = byNumber;
  }

  /**
   * The entry praudit uses for an event number (`getauevnum_r`): the first
   * line with that number, or `undefined` when there is none.
   *
   * @param number - event number from a header token (u16)
   */
  get(number: number): AuditEventEntry | undefined {
    return this.#byNumber[number];
  }

  /**
   * The text `praudit` prints for an event: the description, or with
   * `short` (`praudit -s`) the name; the decimal number when the table has
   * no such event.
   *
   * @param number - event number from a header token (u16)
   * @param short - print the name (`AUE_EXECVE`) instead of the description
   */
  eventText(number: number, short = false): string {
    const e = this.#byNumber[number];
    if (e === undefined) return String(number);
    return short ? e.name : e.description;
  }

  /**
   * The first entry with this name (`getauevnam_r`), or `undefined`.
   *
   * @param name - event name, such as `AUE_EXECVE`
   */
  byName(name: string): AuditEventEntry | undefined {
    let map = this.#byName;
    if (map === undefined) {
      map = new Map();
      for (const e of this.entries) if (!map.has(e.name)) map.set(e.name, e);
      this.#byName = map;
    }
    return map.get(name);
  }

  /**
   * The entry an event name given by a person selects: the name as
   * {@link EventTable.byName} finds it (exactly); else the one name equal
   * to it in any case (`aue_execve`, `AUE_Execve`); else, for a name not
   * starting with `AUE_`, the one name equal in any case to it with `AUE_`
   * put before it (`execve`, `EXECVE`). libbsm's `getauevnonam`, which
   * auditreduce uses, knows only the exact name.
   *
   * An exact match wins over names that differ from it only in case (the
   * shipped tables hold both `AUE_REBOOT`, 20, and `AUE_reboot`, 6161:
   * `AUE_reboot` is 6161); a name that matches two names only in some
   * case other than its own (`aue_reboot`, `reboot`, `Reboot`) is
   * ambiguous.
   *
   * @param name - event name as typed
   * @returns the entry (the first line with its name), or `undefined` when
   *   no name matches
   * @throws RangeError naming the candidates when the name is ambiguous
   */
  lookupName(name: string): AuditEventEntry | undefined {
    let folded = this.#byFoldedName;
    if (folded === undefined) {
      folded = new Map();
      for (const e of this.entries) {
        const key = e.name.toLowerCase();
        const list = folded.get(key);
        if (list === undefined) folded.set(key, [e]);
        else if (!list.some((x) => x.name === e.name)) list.push(e);
      }
      this.#byFoldedName = folded;
    }
    const exact = this.byName(name);
    if (exact !== undefined) return exact;
    const find = (n: string): AuditEventEntry | undefined => {
      const list = folded.get(n.toLowerCase());
      if (list === undefined) return undefined;
      if (list.length > 1) {
        const names = list.map((e) => `${e.name} (${e.number})`).join(", ");
        throw new RangeError(`ambiguous event name ${JSON.stringify(name)}: ${names}`);
      }
      return list[0];
    };
    return find(name) ?? (/^aue_/i.test(name) ? undefined : find(`AUE_${name}`));
  }

  /**
   * The class mask libbsm gives the event (`ae_class`): the success mask of
   * its class list, 0 when a class name is unknown or the event is absent.
   *
   * @param number - event number (u16)
   * @returns unsigned 32-bit mask
   */
  classMask(number: number): number {
    const e = this.#byNumber[number];
    if (e === undefined) return 0;
    let masks = this.#masks;
    if (masks === undefined) {
      masks = new Map();
      this.#masks = masks;
    }
    let m = masks.get(e);
    if (m === undefined) {
      m = this.#maskOf(e.classes);
      masks.set(e, m);
    }
    return m;
  }

  /**
   * The class entries named in the event's class list, in list order
   * (prefixes `^`, `+`, `-` stripped; unknown names left out). Empty when
   * the event is absent.
   *
   * @param number - event number (u16)
   */
  classesOf(number: number): AuditClassEntry[] {
    const e = this.#byNumber[number];
    if (e === undefined) return [];
    const out: AuditClassEntry[] = [];
    for (const raw of e.classes) {
      const c = this.classByName(readAuditFlag(raw).name);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  /**
   * The first audit_class entry with this name (`getauclassnam_r`), or
   * `undefined`. An EventTable is thus an {@link AuditClassLookup} for
   * {@link parseAuditFlags}.
   *
   * @param name - class name, such as `ex`
   */
  classByName(name: string): AuditClassEntry | undefined {
    let map = this.#classByName;
    if (map === undefined) {
      map = new Map();
      for (const c of this.classes) if (!map.has(c.name)) map.set(c.name, c);
      this.#classByName = map;
    }
    return map.get(name);
  }

  /** `getauditflagsbin`'s success mask for a class list; 0 when it names an unknown class. */
  #maskOf(classes: readonly string[]): number {
    try {
      return parseAuditFlags(classes, this).success;
    } catch (e) {
      if (e instanceof AuditFlagsError) return 0; // getauditflagsbin fails: ae_class = AU_NULL
      throw e;
    }
  }
}

let openbsmCache: EventTable | undefined;
let appleCache: EventTable | undefined;

/**
 * The audit_event / audit_class tables shipped with OpenBSM (the ones the
 * corpus's praudit used), parsed on first call and cached.
 */
export function openbsmEvents(): EventTable {
  openbsmCache ??= new EventTable(
    parseAuditEvent(OPENBSM_AUDIT_EVENT),
    parseAuditClass(OPENBSM_AUDIT_CLASS),
  );
  return openbsmCache;
}

/**
 * The audit_event / audit_class tables shipped with macOS, parsed on first
 * call and cached.
 */
export function appleEvents(): EventTable {
  appleCache ??= new EventTable(
    parseAuditEvent(APPLE_AUDIT_EVENT),
    parseAuditClass(APPLE_AUDIT_CLASS),
  );
  return appleCache;
}

/**
 * Reads an event table from files (synchronously: they are small and read
 * once), such as `/etc/security/audit_event`.
 *
 * @param auditEventPath - path of the audit_event file
 * @param auditClassPath - path of the audit_class file; without it, class masks are all 0
 * @param options - error reporting for both files (`source` defaults to each path)
 * @throws the file system error when a file cannot be read; {@link AuditTableError} in strict mode
 */
export function loadEventTable(
  auditEventPath: string,
  auditClassPath?: string,
  options?: ParseTableOptions,
): EventTable {
  const events = parseAuditEvent(readFileSync(auditEventPath, "utf8"), {
    ...options,
    source: options?.source ?? auditEventPath,
  });
  const classes =
    auditClassPath === undefined
      ? []
      : parseAuditClass(readFileSync(auditClassPath, "utf8"), {
          ...options,
          source: options?.source ?? auditClassPath,
        });
  return new EventTable(events, classes);
}
