/**
 * The audit_user parser (`/etc/security/audit_user`, audit_user(5)):
 * `name:always:never` lines, read as libbsm's `getauuserent_r` reads them
 * (bsm_user.c): fields split with `strtok_r` on `:` (so an empty field
 * vanishes: write `no` for an empty mask), a name of 50 characters or more
 * (`AU_USER_NAME_MAX`) or fewer than three fields makes libbsm skip the
 * line. The always mask is added to the user's process mask at login, the
 * never mask removed from it (see `preselect`).
 *
 * @module
 */

import { type AuditFlag, splitAuditFlags } from "../tables/audit-flags";
import { type SourceLine, strtok, type TableIssue, uncommentedLines } from "./table-lines";

/** libbsm's AU_USER_NAME_MAX: a user name must be shorter. */
export const AU_USER_NAME_MAX = 50;

/** One valid line of audit_user. */
export interface AuditUserEntry {
  /** 1-based line number. */
  line: number;
  /** The login name. */
  name: string;
  /** The always-audit classes as written (`lo,+ex`). */
  alwaysText: string;
  /** The always-audit items, prefixes read. */
  always: AuditFlag[];
  /** The never-audit classes as written. */
  neverText: string;
  /** The never-audit items, prefixes read. */
  never: AuditFlag[];
}

/** A parsed audit_user file. */
export interface AuditUserFile {
  /** The file name, when known. */
  source: string | undefined;
  /** The valid lines, in file order (duplicates included; libbsm uses the first per name). */
  entries: AuditUserEntry[];
  /** The `#` comment lines. */
  comments: SourceLine[];
  /** Lines libbsm would skip, each with what is wrong. */
  issues: TableIssue[];
}

/** Options of {@link parseAuditUser}. */
export interface AuditUserOptions {
  /** The file name, for messages. Default none. */
  source: string;
}

/**
 * Parses an audit_user file. Never throws: lines libbsm would skip are
 * kept in {@link AuditUserFile.issues} with their line numbers.
 *
 * @param text - the file's content
 * @param options - see {@link AuditUserOptions}
 */
export function parseAuditUser(
  text: string,
  options?: Readonly<Partial<AuditUserOptions>>,
): AuditUserFile {
  const out: AuditUserFile = {
    source: options?.source,
    entries: [],
    comments: [],
    issues: [],
  };
  for (const { line, text: raw } of uncommentedLines(text, out.comments)) {
    const body = raw.replace(/\r$/, "");
    if (body.trim() === "") continue;
    const f = strtok(body, ":");
    if (f.length < 3) {
      out.issues.push({
        line,
        text: raw,
        action: "skipped",
        message: `expected name:always:never, found ${f.length} non-empty field${f.length === 1 ? "" : "s"} (write 'no' for an empty mask: ${f[0] ?? "name"}:lo:no)`,
      });
      continue;
    }
    const [name, alwaysText, neverText] = f;
    if (name.length >= AU_USER_NAME_MAX) {
      out.issues.push({
        line,
        text: raw,
        action: "skipped",
        message: `user name is ${name.length} characters; libbsm skips names of ${AU_USER_NAME_MAX} or more`,
      });
      continue;
    }
    out.entries.push({
      line,
      name,
      alwaysText,
      always: splitAuditFlags(alwaysText),
      neverText,
      never: splitAuditFlags(neverText),
    });
  }
  return out;
}
