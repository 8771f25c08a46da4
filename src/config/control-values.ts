/**
 * The values of audit_control(5) settings that are more than a word: sizes
 * (`filesz:2M`), the expiry condition (`expire-after:60d AND 1G`) and policy
 * words (`policy:cnt,argv`), read as libbsm reads them (bsm_control.c:
 * `getacfilesz`, `getacexpire`, `au_strtopol`). Each reader returns the
 * value, or an error message saying what is wrong and what to write.
 *
 * @module
 */

/** Bytes per size suffix (`au_spacetobytes`); a number without one is bytes. */
export const SIZE_SUFFIXES: Readonly<Record<string, number>> = Object.freeze({
  B: 1,
  K: 1024,
  M: 1024 * 1024,
  G: 1024 * 1024 * 1024,
});

/** Seconds per age suffix (`au_timetosec`; a year is 365 days, plus a day per 4 years). */
export const AGE_SUFFIXES: Readonly<Record<string, number>> = Object.freeze({
  s: 1,
  h: 60 * 60,
  d: 24 * 60 * 60,
  y: 364 * 24 * 60 * 60, // plus (years / 4) days, added in ageSeconds
});

/**
 * Every policy word libbsm's `au_strtopol` accepts (its `au_polstr` table).
 * Only `cnt`, `ahlt`, `argv` and `arge` do anything on macOS and FreeBSD;
 * the others are accepted and ignored there (audit_control(5)).
 */
export const POLICY_WORDS: readonly string[] = Object.freeze([
  "cnt",
  "ahlt",
  "argv",
  "arge",
  "seq",
  "windata",
  "user",
  "group",
  "trail",
  "path",
  "scnt",
  "public",
  "zonename",
  "perzone",
]);

/** A value read, or why it could not be. */
export type ValueResult<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/**
 * Reads a size as `getacfilesz` does: a decimal number, optionally followed
 * by one of `B`, `K`, `M`, `G` (powers of 1024). Stricter than libbsm's
 * `sscanf("%ju%c")`, which ignores what follows the suffix (`2MB` is 2M
 * there): such a value is an error here, since it is not what was meant.
 *
 * @param text - the value after `filesz:`
 * @returns bytes
 */
export function parseSize(text: string): ValueResult<number> {
  const m = /^[ \t]*(\d+)([A-Za-z])?$/.exec(text);
  if (m === null) {
    return {
      error: `'${text}' is not a size: write a number of bytes, or one with a suffix B, K, M or G (2M)`,
    };
  }
  const unit = m[2] ?? "B";
  const mult = SIZE_SUFFIXES[unit];
  if (mult === undefined) {
    return {
      error: `'${text}' has the suffix '${unit}': sizes take B, K, M or G, in capitals (2M is 2097152 bytes)`,
    };
  }
  return { value: Number(m[1]) * mult };
}

/** The age in seconds of `value` years, as `au_timetosec` counts them. */
function ageSeconds(value: number, unit: string): number {
  if (unit === "y") return value * AGE_SUFFIXES.y + Math.floor(value / 4) * AGE_SUFFIXES.d;
  return value * AGE_SUFFIXES[unit];
}

/** The expire-after condition: an age, a total size, or both joined by AND/OR. */
export interface ExpireAfter {
  /** Trail files older than this many seconds (since last written) expire. */
  ageSeconds?: number;
  /** Trail files expire once all of them together take more than this many bytes. */
  sizeBytes?: number;
  /** With both: `AND` (both must hold) or `OR` (either is enough). */
  conjunction?: "AND" | "OR";
}

/**
 * Reads `expire-after` as `getacexpire` does: one value, or two joined by
 * `AND`/`OR` (any case). A value whose suffix is a capital (`B`, `K`, `M`,
 * `G`) or none is a size; a lower-case suffix is an age (`s`, `h`, `d`,
 * `y`). Suffixes are case-sensitive, as the manual says (`10m` is not ten
 * minutes nor ten megabytes: an error).
 *
 * @param text - the value after `expire-after:`
 */
export function parseExpireAfter(text: string): ValueResult<ExpireAfter> {
  const hint = "write an age (60d), a size (1G), or both joined by AND or OR (60d AND 1G)";
  const m = /^[ \t]*(\d+)(\S?)(?:[ \t]*([A-Za-z]+)[ \t]*(\d+)(\S))?[ \t]*$/.exec(text);
  if (m === null) return { error: `'${text}' is not an expiry condition: ${hint}` };
  const out: ExpireAfter = {};
  const conds: [string, string][] = [[m[1], m[2] === "" ? "B" : m[2]]];
  if (m[3] !== undefined) {
    const word = m[3].toUpperCase();
    if (word !== "AND" && word !== "OR") {
      return { error: `'${m[3]}' joins the two values of '${text}': ${hint}` };
    }
    out.conjunction = word;
    conds.push([m[4], m[5]]);
  }
  for (const [digits, unit] of conds) {
    const value = Number(digits);
    if (unit in SIZE_SUFFIXES) {
      if (out.sizeBytes !== undefined) {
        return { error: `'${text}' gives two sizes: ${hint}` };
      }
      out.sizeBytes = value * SIZE_SUFFIXES[unit];
    } else if (unit in AGE_SUFFIXES) {
      if (out.ageSeconds !== undefined) {
        return { error: `'${text}' gives two ages: ${hint}` };
      }
      out.ageSeconds = ageSeconds(value, unit);
    } else {
      return {
        error: `'${digits}${unit}' in '${text}' has an unknown suffix '${unit}': ages take s, h, d, y and sizes B, K, M, G (case matters)`,
      };
    }
  }
  return { value: out };
}

/**
 * Reads a policy list as `au_strtopol` does: comma-separated words, each
 * one of {@link POLICY_WORDS}; one unknown or empty word makes libbsm reject
 * the whole list.
 *
 * @param text - the value after `policy:`
 * @returns the words, in order
 */
export function parsePolicy(text: string): ValueResult<string[]> {
  const words = text.split(",");
  const bad = words.filter((w) => !POLICY_WORDS.includes(w));
  if (bad.length > 0) {
    const what = bad.map((w) => (w === "" ? "an empty word" : `'${shown(w)}'`)).join(", ");
    return {
      error: `policy has ${what}; libbsm then rejects the whole list: write known words separated by single commas (cnt,argv)`,
    };
  }
  return { value: words };
}

/**
 * A value as a message shows it: carriage returns and tabs written as
 * `\r` and `\t`, so a name libbsm reads with one is visible.
 *
 * @param text - a word or value from a file
 */
export function shown(text: string): string {
  return text.replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}

/**
 * Formats bytes as the shortest exact size with a suffix (`2097152` → `2M`).
 *
 * @param bytes - a size in bytes
 */
export function formatSize(bytes: number): string {
  for (const unit of ["G", "M", "K"]) {
    const m = SIZE_SUFFIXES[unit];
    if (bytes >= m && bytes % m === 0) return `${bytes / m}${unit}`;
  }
  return `${bytes}B`;
}

/**
 * Formats seconds as the largest exact age with a suffix (`2592000` → `30d`).
 *
 * @param seconds - an age in seconds
 */
export function formatAge(seconds: number): string {
  if (seconds >= AGE_SUFFIXES.d && seconds % AGE_SUFFIXES.d === 0) {
    return `${seconds / AGE_SUFFIXES.d}d`;
  }
  if (seconds >= AGE_SUFFIXES.h && seconds % AGE_SUFFIXES.h === 0) {
    return `${seconds / AGE_SUFFIXES.h}h`;
  }
  return `${seconds}s`;
}
