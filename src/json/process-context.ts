/**
 * Process context, as laurel adds it to Linux audit events: each record of
 * a trail stream is given its subject's parent process (pid, executable,
 * arguments), learnt from the fork and exec records seen before it.
 *
 * BSM records name the acting process (the subject's pid) but never its
 * parent. A fork record's return value is the child's pid, so the child's
 * parent is the fork's subject; an exec record's last path token and
 * `exec_args` are what its subject runs from then on; a child runs its
 * parent's program until it calls exec. A posix_spawn record (macOS) is a
 * fork and an exec at once: the child's pid is its return value when
 * non-zero, else the pid of its process token or of an argument token
 * described as a child pid.
 *
 * Memory is bounded: the table keeps at most {@link ProcessContextOptions.maxProcesses}
 * processes, least recently used dropped first. A process the table has
 * never seen (started before the trail, or dropped) has no context.
 *
 * @module
 */

import type { Token } from "../gen/token-types";

/** A process as the context knows it. */
export interface ProcessInfo {
  /** Process id. */
  pid: number;
  /** The program it runs (the last path of its exec record), or null when unknown. */
  executable: string | null;
  /** Its arguments (its exec record's `exec_args`), or null when unknown. */
  args: string[] | null;
}

/** Options of {@link ProcessContext}. */
export interface ProcessContextOptions {
  /**
   * Most processes remembered; the least recently used is dropped first.
   * PID_MAX is 99999 on macOS and FreeBSD and far fewer processes live at
   * once; 65536 entries of a few hundred bytes of arguments each stay
   * within tens of MB.
   * @defaultValue 65536
   */
  maxProcesses: number;
}

/** Default {@link ProcessContextOptions}. */
export const DEFAULT_PROCESS_CONTEXT_OPTIONS: Readonly<ProcessContextOptions> = Object.freeze({
  maxProcesses: 65536,
});

/** What a record does to the process table. */
export type ProcessEffect = "fork" | "exec" | "spawn" | null;

/** The effect of each event name on the process table (names of OpenBSM's and Apple's audit_event). */
const EFFECTS: ReadonlyMap<string, ProcessEffect> = new Map<string, ProcessEffect>([
  ["AUE_FORK", "fork"],
  ["AUE_VFORK", "fork"],
  ["AUE_FORK1", "fork"],
  ["AUE_RFORK", "fork"],
  ["AUE_DARWIN_RFORK", "fork"],
  ["AUE_PDFORK", "fork"],
  ["AUE_EXEC", "exec"],
  ["AUE_EXECVE", "exec"],
  ["AUE_MAC_EXECVE", "exec"],
  ["AUE_FEXECVE", "exec"],
  ["AUE_POSIX_SPAWN", "spawn"],
]);

/** The process-table effect of an event name, or null. */
export function processEffect(eventName: string | null): ProcessEffect {
  return eventName === null ? null : (EFFECTS.get(eventName) ?? null);
}

interface Entry {
  ppid: number;
  executable: string | null;
  args: string[] | null;
}

/** What {@link ProcessContext.observe} reads of a record. */
export interface ProcessObservation {
  /** The record's event name (from the event table), or null. */
  eventName: string | null;
  /** The subject's pid, or -1 when the record has no subject. */
  pid: number;
  /** True when the record's return says success (or it has no return token). */
  success: boolean;
  /** The return value as a number (0 when none). */
  returnValue: number;
  /** The record's paths, in order. */
  paths: readonly string[];
  /** The record's exec arguments, or null when it has none. */
  args: string[] | null;
  /** The record's tokens (read for a posix_spawn child pid). */
  tokens: readonly Token[];
}

/** A bounded table of processes learnt from fork and exec records. */
export class ProcessContext {
  readonly #max: number;
  readonly #procs = new Map<number, Entry>();

  /** @param options - see {@link ProcessContextOptions}. */
  constructor(options?: Readonly<Partial<ProcessContextOptions>>) {
    const max = options?.maxProcesses ?? DEFAULT_PROCESS_CONTEXT_OPTIONS.maxProcesses;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`maxProcesses must be a positive integer, got ${max}`);
    }
    this.#max = max;
  }

  /** Processes remembered now. */
  get size(): number {
    return this.#procs.size;
  }

  /** The process `pid` as known, or undefined (marks it recently used). */
  process(pid: number): ProcessInfo | undefined {
    const e = this.#touch(pid);
    return e === undefined ? undefined : { pid, executable: e.executable, args: e.args };
  }

  /**
   * The program process `pid` runs: its path, null when the process is
   * known but its program is not, undefined when the process is not known.
   * Marks it recently used, as {@link process} does, without making an
   * object (trail statistics ask once per record).
   */
  executableOf(pid: number): string | null | undefined {
    return this.#touch(pid)?.executable;
  }

  /**
   * The parent of process `pid`: its pid, and its program and arguments
   * when known; undefined when the parent is not known.
   */
  parentOf(pid: number): ProcessInfo | undefined {
    const e = this.#touch(pid);
    if (e === undefined || e.ppid < 0) return undefined;
    const p = this.#touch(e.ppid);
    return {
      pid: e.ppid,
      executable: p === undefined ? null : p.executable,
      args: p === undefined ? null : p.args,
    };
  }

  /** Learns from one record (call after enriching it: the record's own parent is the one before it). */
  observe(r: ProcessObservation): void {
    const effect = processEffect(r.eventName);
    if (effect === null || r.pid < 0 || !r.success) return;
    const self = this.#touch(r.pid);
    const executable = r.paths.length > 0 ? r.paths[r.paths.length - 1] : null;
    if (effect === "exec") {
      this.#set(r.pid, { ppid: self?.ppid ?? -1, executable, args: r.args });
    } else if (effect === "fork") {
      if (r.returnValue > 0) {
        this.#set(r.returnValue, {
          ppid: r.pid,
          executable: self?.executable ?? null,
          args: self?.args ?? null,
        });
      }
    } else {
      const child = r.returnValue > 0 ? r.returnValue : spawnedPid(r.tokens);
      if (child > 0) this.#set(child, { ppid: r.pid, executable, args: r.args });
    }
  }

  #touch(pid: number): Entry | undefined {
    const e = this.#procs.get(pid);
    if (e !== undefined) {
      this.#procs.delete(pid);
      this.#procs.set(pid, e);
    }
    return e;
  }

  #set(pid: number, e: Entry): void {
    this.#procs.delete(pid);
    this.#procs.set(pid, e);
    if (this.#procs.size > this.#max) {
      const oldest = this.#procs.keys().next().value as number;
      this.#procs.delete(oldest);
    }
  }
}

/** A posix_spawn record's child pid: its process token's, or an argument described as a child pid. */
function spawnedPid(tokens: readonly Token[]): number {
  for (const t of tokens) {
    if (
      t.type === "process32" ||
      t.type === "process64" ||
      t.type === "process32_ex" ||
      t.type === "process64_ex"
    ) {
      return t.pid;
    }
    if ((t.type === "arg32" || t.type === "arg64") && /child/i.test(t.description)) {
      return Number(t.value);
    }
  }
  return -1;
}
