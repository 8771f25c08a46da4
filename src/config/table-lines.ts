/**
 * What the audit_event and audit_class parsers share: libbsm's line reading
 * (`fgets` into a 256-byte buffer, `strtok` on `:`), its number readers
 * (`atoi`, `strtoul`), and problem reporting with line numbers.
 *
 * @module
 */

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

/** Options of the audit_event and audit_class parsers (`parseAuditEvent`, `parseAuditClass` and their `…File` forms). */
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
export const AU_LINE_MAX = 256;
/** libbsm's AU_EVENT_NAME_MAX: an event name must be shorter. */
export const AU_EVENT_NAME_MAX = 30;
/** libbsm's AU_EVENT_DESC_MAX: an event description must be shorter. */
export const AU_EVENT_DESC_MAX = 50;
/** libbsm's AU_CLASS_NAME_MAX: a class name must be shorter. */
export const AU_CLASS_NAME_MAX = 8;
/** libbsm's AU_CLASS_DESC_MAX: a class description must be shorter. */
export const AU_CLASS_DESC_MAX = 72;

/** Splits like `strtok_r`: every run of delimiters separates, empty tokens vanish. */
export function strtok(s: string, delim: string): string[] {
  const out: string[] = [];
  for (const part of s.split(delim)) if (part !== "") out.push(part);
  return out;
}

/** A physical line as libbsm's `fgets` + newline strip would see it. */
export interface RawLine {
  /** 1-based line number in the file. */
  line: number;
  /** The line (or a 255-character piece of it), without its newline. */
  text: string;
}

/** Splits a table into the lines libbsm reads, cutting over-long lines into 255-character pieces. */
export function readLines(text: string, report: (issue: TableIssue) => void): RawLine[] {
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
export function collector(options: ParseTableOptions | undefined): {
  issues: TableIssue[];
  report: (issue: TableIssue) => void;
  finish: () => void;
} {
  const issues: TableIssue[] = [];
  const onError = options?.onError;
  return {
    issues,
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
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s);
  if (m === null || m[2] === "") return 0;
  const v = Number(m[2].slice(-12)); // atoi overflow is undefined; keep it finite
  return m[1] === "-" ? -v : v;
}

/** C `strtoul(s, NULL, 0)` cast to `u_int32_t`. */
export function strtoulU32(s: string): { value: number; clean: boolean } {
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

/** A line of a configuration file kept as written (a comment, or a line the parser could not read). */
export interface SourceLine {
  /** 1-based line number. */
  line: number;
  /** The line, without its newline. */
  text: string;
}

/**
 * A table file as read: its entries with their line numbers, its comments,
 * and every problem line (lines libbsm would skip, and oddities it reads
 * anyway).
 */
export interface AuditTableFile<T> {
  /** The file name given in the options, when any. */
  source: string | undefined;
  /** The valid entries, in file order, duplicates included. */
  entries: T[];
  /** `lines[i]` is the 1-based line number of `entries[i]`. */
  lines: number[];
  /** The `#` comment lines. */
  comments: SourceLine[];
  /** Every problem line, in order (also passed to `onError`). */
  issues: TableIssue[];
}

/**
 * The lines of a text file, numbered from 1, that are not comments: lines
 * starting with `#` go to `comments` (audit_control(5) and audit_user(5)
 * read them so); a final empty line (the file's last newline) is no line.
 *
 * @param text - the file's content
 * @param comments - receives the comment lines
 */
export function* uncommentedLines(
  text: string,
  comments: SourceLine[],
): Generator<SourceLine, void, undefined> {
  const physical = text.split("\n");
  if (physical.length > 0 && physical[physical.length - 1] === "") physical.pop();
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i];
    if (raw.startsWith("#")) comments.push({ line: i + 1, text: raw });
    else yield { line: i + 1, text: raw };
  }
}
