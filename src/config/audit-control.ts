/**
 * The audit_control parser (`/etc/security/audit_control`, audit_control(5)):
 * `key:value` lines read as libbsm's `getstrfromtype_locked` reads them
 * (bsm_control.c). A line starting with `#` is a comment; the key is what
 * comes before the first `:`, the value everything after it, trailing
 * spaces, tabs and newline removed (not a carriage return, nor leading
 * white space: libbsm keeps both, so `flags: lo` names the class ` lo`). Every key libbsm, macOS and FreeBSD
 * read is known ({@link AUDIT_CONTROL_KEYS}); each setting is parsed into a
 * typed value, or an error saying what to write. As libbsm looks a key up
 * from the top of the file, the first line of a key is the one in force
 * (`dir` alone may repeat: auditd uses each in turn).
 *
 * Nothing here needs the class table: flags are kept as items
 * (`AuditFlag`), resolved to masks by `preselect` and checked by the lint.
 *
 * @module
 */

import { type AuditFlag, splitAuditFlags } from "../tables/audit-flags";
import {
  type ExpireAfter,
  parseExpireAfter,
  parsePolicy,
  parseSize,
  type ValueResult,
} from "./control-values";
import { type SourceLine, uncommentedLines } from "./table-lines";

/**
 * Every key of audit_control, with what it sets: those of audit_control(5)
 * (OpenBSM, macOS), FreeBSD's `dist` and `qsize`, and macOS's session flag
 * masks (`*-sflags-mask`, in Apple's stock file).
 */
export const AUDIT_CONTROL_KEYS: Readonly<Record<string, string>> = Object.freeze({
  dir: "directory of the trail files (may repeat)",
  flags: "classes audited for every user",
  naflags: "classes audited for events no user can be held to",
  minfree: "percentage of free space below which auditd warns",
  policy: "audit policy words (cnt, ahlt, argv, arge...)",
  filesz: "trail size at which auditd rotates (0: never)",
  "expire-after": "when trail files expire and are removed",
  host: "host name or address written in record headers",
  dist: "FreeBSD: also write trails to the distribution directory (on/off)",
  qsize: "FreeBSD: kernel audit queue length",
  "superuser-set-sflags-mask": "macOS: session flags a superuser may set",
  "superuser-clear-sflags-mask": "macOS: session flags a superuser may clear",
  "member-set-sflags-mask": "macOS: session flags a session member may set",
  "member-clear-sflags-mask": "macOS: session flags a session member may clear",
});

/**
 * Largest `qsize` FreeBSD's kernel takes (`AQ_MAXHIGH`,
 * sys/security/audit/audit_ioctl.h); libbsm's `getacqsize` rejects more.
 */
export const AQ_MAXHIGH = 10000;

/** One `key:value` line as written. */
export interface ControlLine {
  /** 1-based line number. */
  line: number;
  /** The key (before the first `:`). */
  key: string;
  /** The value (after it), trailing spaces and tabs removed (a carriage return is kept, as libbsm keeps it). */
  value: string;
  /** The whole line as written. */
  text: string;
}

/** A setting as read: its line, its text and its parsed value, or why it has none. */
export interface ControlSetting<T> {
  /** 1-based line number. */
  line: number;
  /** The key. */
  key: string;
  /** The value as written (trailing white space removed). */
  text: string;
  /** The parsed value; `undefined` when {@link ControlSetting.error} says why. */
  value: T | undefined;
  /** What is wrong with the value and what to write instead; `undefined` when it is valid. */
  error: string | undefined;
}

/** A parsed audit_control file. */
export interface AuditControl {
  /** The file name, when known (for messages). */
  source: string | undefined;
  /** Every `key:value` line, in file order, unknown keys and repeats included. */
  entries: ControlLine[];
  /** The `#` comment lines. */
  comments: SourceLine[];
  /** Lines that are neither comments, blank nor `key:value` (no `:`). */
  unknown: SourceLine[];
  /** Every `dir` line, in order (auditd writes to the first and moves on when it fills). */
  dirs: ControlSetting<string>[];
  /** `flags`: classes audited for every user. */
  flags?: ControlSetting<AuditFlag[]>;
  /** `naflags`: classes audited for non-attributable events. */
  naflags?: ControlSetting<AuditFlag[]>;
  /** `minfree`: a percentage. */
  minfree?: ControlSetting<number>;
  /** `policy`: policy words. */
  policy?: ControlSetting<string[]>;
  /** `filesz`: bytes (0: no rotation by size). */
  filesz?: ControlSetting<number>;
  /** `expire-after`. */
  expireAfter?: ControlSetting<ExpireAfter>;
  /** `host`. */
  host?: ControlSetting<string>;
  /** `dist` (FreeBSD): on when `on` or `yes` (any case). */
  dist?: ControlSetting<boolean>;
  /** `qsize` (FreeBSD): queue length, 0 to {@link AQ_MAXHIGH}. */
  qsize?: ControlSetting<number>;
}

/** Options of {@link parseAuditControl}. */
export interface AuditControlOptions {
  /** The file name, for messages. Default none. */
  source: string;
}

/**
 * Flags as `getauditflagsbin` reads them: split on commas, nothing trimmed,
 * so a leading space or a trailing carriage return stays in a class name
 * (and makes it unknown, as it does for libbsm).
 */
function flagsValue(text: string): ValueResult<AuditFlag[]> {
  return { value: splitAuditFlags(text) };
}

/** A number's value: `atoi` and `sscanf` stop at a carriage return, so it is dropped. */
function numeric<T>(read: (text: string) => ValueResult<T>): (text: string) => ValueResult<T> {
  return (text) => read(text.replace(/\r$/, ""));
}

function minfreeValue(text: string): ValueResult<number> {
  if (!/^[ \t]*\d+$/.test(text)) {
    return { error: `'${text}' is not a whole percentage: write a number from 0 to 100 (20)` };
  }
  return { value: Number(text.trim()) };
}

function qsizeValue(text: string): ValueResult<number> {
  if (!/^[ \t]*\d+$/.test(text)) {
    return { error: `'${text}' is not a queue length: write a number from 0 to ${AQ_MAXHIGH}` };
  }
  const value = Number(text.trim());
  if (value > AQ_MAXHIGH) {
    return { error: `qsize ${value} is above the kernel's limit of ${AQ_MAXHIGH}` };
  }
  return { value };
}

function distValue(text: string): ValueResult<boolean> {
  const t = text.trim().toLowerCase();
  if (t === "on" || t === "yes") return { value: true };
  if (t === "off" || t === "no") return { value: false };
  return {
    error: `'${text}' is neither on nor off: write dist:on or dist:off (libbsm reads it as off)`,
  };
}

/** Parsers of the typed settings, by key. */
const READERS: Readonly<Record<string, (text: string) => ValueResult<unknown>>> = {
  dir: (t) => (t.trim() === "" ? { error: "dir is empty: write dir:/var/audit" } : { value: t }),
  flags: flagsValue,
  naflags: flagsValue,
  minfree: numeric(minfreeValue),
  policy: parsePolicy,
  filesz: numeric(parseSize),
  "expire-after": numeric(parseExpireAfter),
  host: (t) => ({ value: t.trim() }),
  dist: distValue,
  qsize: numeric(qsizeValue),
};

/** The {@link AuditControl} field of each single-valued typed key. */
const FIELD: Readonly<Record<string, keyof AuditControl>> = {
  flags: "flags",
  naflags: "naflags",
  minfree: "minfree",
  policy: "policy",
  filesz: "filesz",
  "expire-after": "expireAfter",
  host: "host",
  dist: "dist",
  qsize: "qsize",
};

/**
 * Parses an audit_control file. Never throws: every problem is kept in the
 * result (an unknown key in {@link AuditControl.entries}, a line without
 * `:` in {@link AuditControl.unknown}, a malformed value as its setting's
 * `error`) for `lintAuditConfig` to report.
 *
 * @param text - the file's content
 * @param options - see {@link AuditControlOptions}
 */
export function parseAuditControl(
  text: string,
  options?: Readonly<Partial<AuditControlOptions>>,
): AuditControl {
  const out: AuditControl = {
    source: options?.source,
    entries: [],
    comments: [],
    unknown: [],
    dirs: [],
  };
  for (const { line, text: raw } of uncommentedLines(text, out.comments)) {
    // libbsm strips trailing newline, spaces and tabs, not a carriage return.
    const trimmed = raw.replace(/[ \t]+$/, "");
    if (trimmed.trim() === "") {
      if (raw !== "") out.unknown.push({ line, text: raw });
      continue;
    }
    const colon = trimmed.indexOf(":");
    if (colon < 0) {
      out.unknown.push({ line, text: raw });
      continue;
    }
    const key = trimmed.slice(0, colon);
    const value = trimmed.slice(colon + 1);
    out.entries.push({ line, key, value, text: raw });
    const read = READERS[key];
    if (read === undefined) continue;
    const r = read(value);
    const setting: ControlSetting<unknown> = {
      line,
      key,
      text: value,
      value: r.value,
      error: r.error,
    };
    if (key === "dir") {
      out.dirs.push(setting as ControlSetting<string>);
      continue;
    }
    const field = FIELD[key];
    if (out[field] === undefined) (out as unknown as Record<string, unknown>)[field] = setting;
  }
  return out;
}
