/**
 * The usage text of `bsm-trail`, and usage mistakes: the error a command
 * throws for one, and the one line that reports it (exit status 2).
 *
 * @module
 */

/** `bsm-trail --help`. */
export const USAGE = `usage: bsm-trail <command> [options] [file ...]
       bsm-trail --version | --help

commands:
  praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE] [--group FILE] [file|dir ...]
      Print trails as OpenBSM's praudit does (standard input when no file is named;
      a directory is read as auditd writes /var/audit).
      -l  one record per line          -r  raw numbers (no names)
      -s  short event names            -n  no uid/gid name lookup
      -x  XML (always well-formed)     -d  field delimiter (default ",")
      -p  start in the middle of a stream: bytes before the first whole record are no damage
      -F, --follow                  print what is there, then follow current across rotations
      --merge                       merge the inputs (hosts' directories or files) by time
      --passwd FILE, --group FILE   user and group names (default /etc/passwd, /etc/group)
      --events FILE                 audit_event table (default: bundled OpenBSM table)
      --apple-events                use the bundled Apple audit_event table
      --platform macos|freebsd|linux  whose strerror words failures print (default macos)
      --openbsm-unknown             print Apple tokens as OpenBSM's praudit does (unknown,0x...)
      --strict                      stop at the first damage (exit status 1)
      --progress                    report progress on standard error
      --utc, --tz ZONE              print times in UTC or an IANA zone (default: local, TZ)
  reduce [-A] [-a time] [-b time] [-c classes] [-d day] [-e user] [-f group] [-g group] [-j pid]
         [-m event]... [-o type=value]... [-r user] [-u user] [-v] [--merge] [file|dir ...]
      Select records as OpenBSM's auditreduce does and write them raw to standard output
      (bsm-trail reduce -h for every option).
  config check [--json] [--profile NAME] [--passwd FILE] [DIR]
  config explain [--user NAME|UID] [--event NAME|NUM] [--passwd FILE] [DIR]
      Check an audit configuration (DIR, default /etc/security) for problems and against
      an mSCP baseline (cis_lvl1, cis_lvl2, 800-53r5_moderate, stig...), or explain what
      it audits (bsm-trail config -h for every option); exit status 1 when an error is found.
  json [--format native|ecs|ocsf] [--schema] [--passwd FILE] [--group FILE] [reduce's options]
       [--merge | --follow] [file|dir ...]
      One JSON object per record, one per line (NDJSON), of the records reduce's options
      (-m, -c, -u, -a, -o file=...) select; praudit's inputs (stdin, directories, gzip).
      --format native|ecs|ocsf      bsm-trail's own typed form (default), Elastic Common Schema, OCSF
      --schema                      print the JSON Schema of the native format and exit
      --passwd FILE, --group FILE   user and group names for the subject's ids (default: none)
      --events FILE, --apple-events audit_event table (default: bundled OpenBSM table)
      --process-context             add the parent process (native; on by default in ecs and ocsf)
      --no-process-context          leave it out (ecs, ocsf)
      --strict                      stop at the first damage (exit status 1)
      --jobs N                      format on N threads (default: every core); only for the
                                    native format of every record, without --merge, --follow,
                                    --strict or --process-context (elsewhere no effect)
  export --format native|ocsf -o OUT [--partition day] [reduce's options but -o] [file|dir ...]
      Write records as Parquet: one file OUT, or with --partition day a Hive-style tree
      OUT/day=YYYY-MM-DD/part-0.parquet; standard input when no file is named.
  stats [--json] [--top N] [--what-if FLAGS]... [--naflags FLAGS] [--config DIR] [--disk SIZE]
        [--passwd FILE] [--utc | --tz ZONE] [reduce's options] [--merge] [file|dir ...]
      A trail's volume: records and bytes by event, class, user, executable, hour and day,
      and what candidate audit flags would have kept (bsm-trail stats -h for every option).
  report -o report.html [--config DIR] [--what-if FLAGS]... [--title TEXT] [stats' options]
         [file|dir ...]
      One self-contained HTML file of charts: volume over time by class, failures, top
      events, users and executables, what candidate flags would write (default lo,aa,
      lo,ad,na, --config's flags, mSCP cis_lvl2's), --config's findings
      (bsm-trail report -h for every option).

exit status: 0 success, 1 damage reported, a file unreadable or output unwritable,
2 usage error.
Damage is reported on standard error with file, byte offset and token; every
intact record before and after it is still printed.
`;

/**
 * A usage mistake (an unknown option, a bad argument): reported as one
 * line by {@link usageLine}, exit status 2.
 */
export class UsageError extends Error {
  /** @param message - what is wrong, naming the option (`-c: unknown class "xx"`) */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The one line on standard error for a usage mistake: the problem, and
 * where the full usage is (`bsm-trail: reduce: -c: unknown class "xx"
 * (bsm-trail reduce --help)`), newline included.
 *
 * @param command - the subcommand given (`reduce`), or `undefined` for a
 *   mistake before one
 * @param message - what is wrong
 */
export function usageLine(command: string | undefined, message: string): string {
  const where = command === undefined ? "" : `${command}: `;
  const help = command === undefined ? "bsm-trail --help" : `bsm-trail ${command} --help`;
  // One line, whatever the message holds.
  return `bsm-trail: ${where}${message.replace(/\s*\n\s*/g, " ")} (${help})\n`;
}
