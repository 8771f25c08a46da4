/**
 * A POSIX `getopt(3)` for the command line, as BSD's (macOS, FreeBSD)
 * reads `auditreduce`'s options, plus `--long` options:
 *
 * - Options cluster: `-vA` is `-v -A`.
 * - An option that takes an argument takes the rest of its word (`-cfr`)
 *   or else the whole next word, whatever it starts with: `-c -fr` gives
 *   `-c` the argument `-fr`, `-m -1` gives `-m` the argument `-1`.
 * - `--` ends the options; so does the first word that is not an option
 *   (`-` alone is a file name: standard input). BSD's getopt stops there
 *   and does not permute (GNU's moves later options forward).
 * - A long option is `--name`, `--name=value` or `--name value` (the next
 *   word, whatever it starts with, as getopt_long reads a required
 *   argument). Long names must be given in full.
 *
 * One deliberate difference from BSD's getopt: a word that looks like an
 * option (`-m`, `--strict`) after the first file name is a usage error,
 * where BSD's getopt would hand it to the program as a file name (so
 * `auditreduce trail -m AUE_EXECVE` copies the whole of `trail`, unfiltered,
 * before failing to open `-m`). A file name that starts with `-` is named
 * after `--`.
 *
 * @module
 */

import { UsageError } from "./usage";

/** What a command accepts. */
export interface GetoptSpec {
  /**
   * The short options in getopt(3)'s syntax: each letter, followed by `:`
   * when it takes an argument (`"Aa:b:v"`).
   */
  short: string;
  /** The long options (without `--`): `true` when it takes an argument. */
  long: Readonly<Record<string, boolean>>;
}

/** One option as given on the command line. */
export interface GotOption {
  /** The letter (`c`) or the long name (`events`), without dashes. */
  name: string;
  /** Its argument; `undefined` for an option that takes none. */
  value: string | undefined;
}

/** The command line, read. */
export interface GetoptResult {
  /** The options, in command-line order (repeats kept). */
  options: GotOption[];
  /** The words after the options (file names). */
  operands: string[];
}

/**
 * Reads `argv` as getopt(3) does (see the module notes).
 *
 * @param argv - the words after the command name
 * @param spec - the options the command accepts
 * @throws {@link UsageError} for an unknown option, a missing argument, an
 *   argument given to a long option that takes none, or an option after
 *   the first file name
 */
export function getopt(argv: readonly string[], spec: Readonly<GetoptSpec>): GetoptResult {
  const takes = new Map<string, boolean>();
  for (let i = 0; i < spec.short.length; i++) {
    const c = spec.short[i];
    if (c === ":") continue;
    takes.set(c, spec.short[i + 1] === ":");
  }
  const options: GotOption[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      return { options, operands: argv.slice(i + 1) };
    }
    if (word.length < 2 || word[0] !== "-") break; // the first file name ("-": stdin)
    if (word[1] === "-") {
      const eq = word.indexOf("=");
      const name = word.slice(2, eq < 0 ? undefined : eq);
      const hasArg = Object.hasOwn(spec.long, name) ? spec.long[name] : undefined;
      if (hasArg === undefined) throw new UsageError(`unknown option --${name}`);
      if (!hasArg) {
        if (eq >= 0) throw new UsageError(`--${name} takes no argument`);
        options.push({ name, value: undefined });
      } else if (eq >= 0) {
        options.push({ name, value: word.slice(eq + 1) });
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs an argument`);
        options.push({ name, value: argv[++i] });
      }
      continue;
    }
    for (let k = 1; k < word.length; k++) {
      const c = word[k];
      const hasArg = takes.get(c);
      if (hasArg === undefined) throw new UsageError(`unknown option -${c}`);
      if (!hasArg) {
        options.push({ name: c, value: undefined });
        continue;
      }
      if (k + 1 < word.length) {
        options.push({ name: c, value: word.slice(k + 1) });
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`-${c} needs an argument`);
        options.push({ name: c, value: argv[++i] });
      }
      break;
    }
  }
  const operands = argv.slice(i);
  for (const w of operands.slice(1)) {
    if (w.length >= 2 && w[0] === "-") {
      throw new UsageError(`${w} after the file name ${operands[0]}: options go before file names`);
    }
  }
  return { options, operands };
}
