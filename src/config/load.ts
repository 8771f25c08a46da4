/**
 * An audit configuration as a whole: audit_control, audit_class,
 * audit_event and audit_user read from one directory (`/etc/security` by
 * default) or given as texts, each file parsed with its line numbers, and
 * the event table built from the class and event files.
 *
 * A file that is missing, unreadable, larger than the side-file limit or
 * binary does not stop the others: it is recorded in
 * {@link AuditConfig.problems} (reported by `lintAuditConfig`) and read as
 * empty; an audit_class or audit_event that cannot be used is replaced by
 * the bundled macOS table so the rest can still be checked. Only a
 * directory that cannot be read at all (or a passwd file given that cannot)
 * is an error.
 *
 * @module
 */

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ioErrorOf } from "../io/io-error";
import { readTextFile } from "../io/text-file";
import { appleEvents, EventTable } from "../tables/events";
import { parsePasswd } from "../tables/users";
import { IoError } from "../wire/errors";
import { type AuditClassEntry, parseAuditClassFile } from "./audit-class";
import { type AuditControl, parseAuditControl } from "./audit-control";
import { type AuditEventEntry, parseAuditEventFile } from "./audit-event";
import { type AuditUserFile, parseAuditUser } from "./audit-user";
import type { AuditTableFile } from "./table-lines";

/** The four configuration files, by role. */
export type AuditConfigFile = "audit_control" | "audit_class" | "audit_event" | "audit_user";

/** The four file names, in the order they are read. */
export const AUDIT_CONFIG_FILES: readonly AuditConfigFile[] = Object.freeze([
  "audit_control",
  "audit_class",
  "audit_event",
  "audit_user",
]);

/** A configuration file that could not be used. */
export interface ConfigFileProblem {
  /** Which file. */
  file: AuditConfigFile;
  /** Its path (or name, for texts). */
  path: string;
  /** `missing`, `unreadable` (permissions, size limit, a directory...) or `binary` (a NUL byte). */
  kind: "missing" | "unreadable" | "binary";
  /** One line saying what went wrong. */
  message: string;
}

/** An audit configuration, parsed. */
export interface AuditConfig {
  /** The directory it was read from; `undefined` when built from texts. */
  dir: string | undefined;
  /** Each file's path (or name), for messages. */
  paths: Readonly<Record<AuditConfigFile, string>>;
  /** audit_control. */
  control: AuditControl;
  /** audit_class. */
  classes: AuditTableFile<AuditClassEntry>;
  /** audit_event. */
  events: AuditTableFile<AuditEventEntry>;
  /** audit_user. */
  users: AuditUserFile;
  /** The event table built from {@link AuditConfig.events} and {@link AuditConfig.classes}. */
  table: EventTable;
  /** Login names by uid, from the passwd file given; `undefined` when none was. */
  passwd: ReadonlyMap<number, string> | undefined;
  /** The passwd file's path, when one was given. */
  passwdPath: string | undefined;
  /** Files that could not be used (read as empty, or replaced by the bundled table). */
  problems: ConfigFileProblem[];
}

/** Options of {@link loadAuditConfig} and {@link parseAuditConfig}. */
export interface AuditConfigOptions {
  /** A passwd file: its names resolve uids in `preselect` and check audit_user's names. Default none. */
  passwd: string;
}

/** The texts of a configuration; a file left out is missing. */
export type AuditConfigTexts = Readonly<Partial<Record<AuditConfigFile, string>>>;

/**
 * Builds a configuration from texts (the library's way to check a
 * configuration that is not on disk). A file left out is treated as a
 * missing file.
 *
 * @param texts - the files' contents, by name
 * @param options - see {@link AuditConfigOptions}
 */
export function parseAuditConfig(
  texts: AuditConfigTexts,
  options?: Readonly<Partial<AuditConfigOptions>>,
): AuditConfig {
  const paths = {
    audit_control: "audit_control",
    audit_class: "audit_class",
    audit_event: "audit_event",
    audit_user: "audit_user",
  };
  const problems: ConfigFileProblem[] = [];
  const read = (file: AuditConfigFile): string | undefined => {
    const text = texts[file];
    if (text === undefined) {
      problems.push({ file, path: file, kind: "missing", message: `no ${file}` });
    }
    return text;
  };
  return build(undefined, paths, read, problems, options);
}

/**
 * Reads the audit configuration of a directory: audit_control,
 * audit_class, audit_event and audit_user, each through `readTextFile`
 * (16 MiB limit). Given the files' texts instead of a directory, parses
 * them as {@link parseAuditConfig} does.
 *
 * @param dir - the directory, or the files' texts by name. Default `/etc/security`.
 * @param options - see {@link AuditConfigOptions}
 * @throws `IoError` when the directory (or the passwd file given) cannot be read
 */
export function loadAuditConfig(
  dir: string | AuditConfigTexts = "/etc/security",
  options?: Readonly<Partial<AuditConfigOptions>>,
): AuditConfig {
  if (typeof dir !== "string") return parseAuditConfig(dir, options);
  try {
    if (!statSync(dir).isDirectory()) {
      throw new IoError("not a directory (expected an audit configuration directory)", {
        file: dir,
        offset: 0,
        recordOffset: 0,
        tokenId: -1,
        code: "ENOTDIR",
      });
    }
    readdirSync(dir);
  } catch (e) {
    throw e instanceof IoError ? e : ioErrorOf(dir, "cannot read audit configuration directory", e);
  }
  const paths = {
    audit_control: join(dir, "audit_control"),
    audit_class: join(dir, "audit_class"),
    audit_event: join(dir, "audit_event"),
    audit_user: join(dir, "audit_user"),
  };
  const problems: ConfigFileProblem[] = [];
  const read = (file: AuditConfigFile): string | undefined => {
    const path = paths[file];
    let text: string;
    try {
      text = readTextFile(path, { what: file });
    } catch (e) {
      const code = (e as IoError).code;
      problems.push({
        file,
        path,
        kind: code === "ENOENT" ? "missing" : "unreadable",
        message: (e as Error).message,
      });
      return undefined;
    }
    const nul = text.indexOf("\0");
    if (nul >= 0) {
      problems.push({
        file,
        path,
        kind: "binary",
        message: `${file} is not text: NUL byte at offset ${Buffer.byteLength(text.slice(0, nul))}`,
      });
      return undefined;
    }
    return text;
  };
  return build(dir, paths, read, problems, options);
}

function build(
  dir: string | undefined,
  paths: Record<AuditConfigFile, string>,
  read: (file: AuditConfigFile) => string | undefined,
  problems: ConfigFileProblem[],
  options: Readonly<Partial<AuditConfigOptions>> | undefined,
): AuditConfig {
  const controlText = read("audit_control");
  const classText = read("audit_class");
  const eventText = read("audit_event");
  const userText = read("audit_user");
  const control = parseAuditControl(controlText ?? "", { source: paths.audit_control });
  const classes =
    classText === undefined
      ? { ...bundled(appleEvents().classes), source: paths.audit_class }
      : parseAuditClassFile(classText, { source: paths.audit_class });
  const events =
    eventText === undefined
      ? { ...bundled(appleEvents().entries), source: paths.audit_event }
      : parseAuditEventFile(eventText, { source: paths.audit_event });
  const users = parseAuditUser(userText ?? "", { source: paths.audit_user });
  let passwd: Map<number, string> | undefined;
  if (options?.passwd !== undefined) {
    passwd = parsePasswd(readTextFile(options.passwd, { what: "passwd file" }));
  }
  return {
    dir,
    paths,
    control,
    classes,
    events,
    users,
    table: new EventTable(events.entries, classes.entries),
    passwd,
    passwdPath: options?.passwd,
    problems,
  };
}

/** A bundled table as a table file without lines (line 0: not from the file). */
function bundled<T>(entries: readonly T[]): AuditTableFile<T> {
  return {
    source: undefined,
    entries: [...entries],
    lines: entries.map(() => 0),
    comments: [],
    issues: [],
  };
}
