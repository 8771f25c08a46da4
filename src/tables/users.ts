/**
 * User and group names, as praudit prints them with `getpwuid` /
 * `getgrgid` on a files database (`/etc/passwd`, `/etc/group`).
 *
 * praudit's `print_user` / `print_group` print the name when the lookup
 * succeeds and otherwise the id with `%d` from a `u_int32_t`: ids of 2^31
 * and more print negative (`4294967295` prints `-1`, as an unset audit id
 * does). With `-n` or `-r` they always print the number that way.
 *
 * @module
 */

import { readTextFile } from "../io/text-file";

/** The id → name maps of a host. */
export interface HostDb {
  /** uid → user name (first line for a uid wins). */
  users: ReadonlyMap<number, string>;
  /** gid → group name (first line for a gid wins). */
  groups: ReadonlyMap<number, string>;
}

/** Turns user and group ids into the text praudit prints for them. */
export interface NameResolver {
  /** The user name of `id`, or the id as praudit prints it ({@link idText}). */
  user(id: number): string;
  /** The group name of `id`, or the id as praudit prints it ({@link idText}). */
  group(id: number): string;
}

/**
 * An id as praudit prints it: `%d` of a `u_int32_t`, so `4294967295` is
 * `-1` and `2147483648` is `-2147483648`.
 *
 * @param id - the id as decoded (any number; its low 32 bits are used)
 */
export function idText(id: number): string {
  return String(id | 0);
}

/**
 * Parses an `/etc/passwd`-style file (`name:password:uid:…`) into uid →
 * name, keeping the first line for each uid, as `getpwuid` on a files
 * database does. Blank lines, `#` comments and lines without a plain
 * decimal uid (0..4294967295) are skipped.
 *
 * @param text - the file's content
 */
export function parsePasswd(text: string): Map<number, string> {
  return parseIdFile(text);
}

/**
 * Parses an `/etc/group`-style file (`name:password:gid:members`) into gid →
 * name, keeping the first line for each gid, as `getgrgid` on a files
 * database does. Blank lines, `#` comments and lines without a plain
 * decimal gid (0..4294967295) are skipped.
 *
 * @param text - the file's content
 */
export function parseGroup(text: string): Map<number, string> {
  return parseIdFile(text);
}

/**
 * The (name, id) of each entry line: both formats hold the name in field 1
 * and the id in field 3. Blank lines, comments, lines with fewer than
 * three fields or an empty name, and ids that are not 32-bit decimals are
 * skipped.
 */
function* idLines(text: string): Generator<[string, number]> {
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const start = line.trimStart();
    if (start === "" || start.startsWith("#")) continue;
    const f = start.split(":");
    if (f.length < 3 || f[0] === "") continue;
    const idField = f[2].trim();
    if (!/^\d{1,10}$/.test(idField)) continue;
    const id = Number(idField);
    if (id > 0xffffffff) continue;
    yield [f[0], id];
  }
}

/** id → name, the first line for each id winning. */
function parseIdFile(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, id] of idLines(text)) if (!out.has(id)) out.set(id, name);
  return out;
}

/**
 * Parses an `/etc/passwd`- or `/etc/group`-style file into name → id, keeping
 * the first line for each name, as `getpwnam` / `getgrnam` on a files
 * database do (auditreduce resolves `-u`, `-e`, `-r`, `-f` and `-g` names
 * this way). Lines are skipped as {@link parsePasswd} skips them.
 *
 * @param text - the file's content
 */
export function parseNameIds(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, id] of idLines(text)) if (!out.has(name)) out.set(name, id);
  return out;
}

/** The name → id maps of a host, for resolving names given on a command line. */
export interface HostIds {
  /** user name → uid (first line for a name wins). */
  users: ReadonlyMap<string, number>;
  /** group name → gid (first line for a name wins). */
  groups: ReadonlyMap<string, number>;
}

/**
 * Reads a host's passwd and group files into name → id maps (see
 * {@link parseNameIds}). A file that is missing or unreadable yields an
 * empty map, so every name is then unknown.
 *
 * @throws IoError when a file is larger than 16 MiB (`MAX_TEXT_FILE_BYTES`)
 * @param paths - the files to read; default `/etc/passwd` and `/etc/group`
 */
export function loadHostIds(paths: HostDbPaths = {}): HostIds {
  const passwd = readOptional(paths.passwd ?? "/etc/passwd", "passwd file");
  const group = readOptional(paths.group ?? "/etc/group", "group file");
  return {
    users: passwd === undefined ? new Map() : parseNameIds(passwd),
    groups: group === undefined ? new Map() : parseNameIds(group),
  };
}

/** Options of {@link loadHostDb}. */
export interface HostDbPaths {
  /** passwd file; default `/etc/passwd`. */
  passwd?: string;
  /** group file; default `/etc/group`. */
  group?: string;
}

/**
 * Reads a passwd or group file through `readTextFile` (its size limit,
 * `MAX_TEXT_FILE_BYTES`, 16 MiB), or returns `undefined` when it cannot be
 * read (missing, unreadable, a folder): ids then print as numbers. A file
 * past the limit (`/dev/zero`, a trail named by mistake) is an error, not
 * a missing file: it throws.
 *
 * @throws IoError (a BsmError of kind `io`, code `EFBIG`) naming the file
 */
function readOptional(path: string, what: string): string | undefined {
  try {
    return readTextFile(path, { what });
  } catch (err) {
    if ((err as { code?: string }).code === "EFBIG") throw err;
    return undefined;
  }
}

/**
 * Reads a host's passwd and group files (synchronously; they are small and
 * read once). A file that is missing or unreadable yields an empty map: every
 * id then prints as a number, as praudit does when lookups fail.
 *
 * @throws IoError when a file is larger than 16 MiB (`MAX_TEXT_FILE_BYTES`)
 * @param paths - the files to read; default `/etc/passwd` and `/etc/group`
 */
export function loadHostDb(paths: HostDbPaths = {}): HostDb {
  const passwd = readOptional(paths.passwd ?? "/etc/passwd", "passwd file");
  const group = readOptional(paths.group ?? "/etc/group", "group file");
  return {
    users: passwd === undefined ? new Map() : parsePasswd(passwd),
    groups: group === undefined ? new Map() : parseGroup(group),
  };
}

/**
 * A resolver that prints names from `db` and, for ids without a name, the
 * number as praudit does ({@link idText}).
 *
 * @param db - the id → name maps, from {@link loadHostDb} or the parse functions
 */
export function nameResolver(db: HostDb): NameResolver {
  const { users, groups } = db;
  return {
    user(id: number): string {
      return users.get(id >>> 0) ?? idText(id);
    },
    group(id: number): string {
      return groups.get(id >>> 0) ?? idText(id);
    },
  };
}

/** The resolver of `praudit -n` and `-r`: never a name, always {@link idText}. */
export const numericNames: NameResolver = Object.freeze({
  user: idText,
  group: idText,
});
