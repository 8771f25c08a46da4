/**
 * The usage text of `bsm-trail` and the error a command throws for a usage
 * mistake (exit status 2).
 *
 * @module
 */

/** `bsm-trail --help`. */
export const USAGE = `usage: bsm-trail <command> [options] [file ...]

commands:
  praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE] [--group FILE] [file ...]
      Print trails as OpenBSM's praudit does (standard input when no file is named).
      -l  one record per line          -r  raw numbers (no names)
      -s  short event names            -n  no uid/gid name lookup
      -x  XML (always well-formed)     -d  field delimiter (default ",")
      -p  accepted for praudit compatibility (bsm-trail always resyncs after damage)
      --passwd FILE, --group FILE   user and group names (default /etc/passwd, /etc/group)
      --events FILE                 audit_event table (default: bundled OpenBSM table)
      --apple-events                use the bundled Apple audit_event table
      --platform macos|freebsd|linux  whose strerror words failures print (default macos)
      --openbsm-unknown             print Apple tokens as OpenBSM's praudit does (unknown,0x...)
      --strict                      stop at the first damage (exit status 1)
      --progress                    report progress on standard error
  reduce [-A] [-a time] [-b time] [-c classes] [-d day] [-e user] [-f group] [-g group] [-j pid]
         [-m event]... [-o type=value]... [-r user] [-u user] [-v] [file ...]
      Select records as OpenBSM's auditreduce does and write them raw to standard output
      (bsm-trail reduce -h for every option).
  json [--format native|ecs|ocsf] [--schema] [--passwd FILE] [--group FILE] [file ...]
      One JSON object per record, one per line (NDJSON); standard input when no file is named.
      --format native|ecs|ocsf      bsm-trail's own typed form (default), Elastic Common Schema, OCSF
      --schema                      print the JSON Schema of the native format and exit
      --passwd FILE, --group FILE   user and group names for the subject's ids (default: none)
      --events FILE, --apple-events audit_event table (default: bundled OpenBSM table)
      --process-context             add the parent process (native; on by default in ecs and ocsf)
      --no-process-context          leave it out (ecs, ocsf)
      --strict                      stop at the first damage (exit status 1)
  export --format native|ocsf -o OUT [--partition day] [file ...]
      Write records as Parquet: one file OUT, or with --partition day a Hive-style tree
      OUT/day=YYYY-MM-DD/part-0.parquet; standard input when no file is named.

exit status: 0 success, 1 damage reported or a file unreadable, 2 usage error.
Damage is reported on standard error with file, byte offset and token; every
intact record before and after it is still printed.
`;

/** A usage mistake: the command prints it with the usage and exits 2. */
export class UsageError extends Error {}
