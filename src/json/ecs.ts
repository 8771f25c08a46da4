/**
 * The Elastic Common Schema form of a record (`bsm-trail json --format
 * ecs`): only field names that exist in ECS (checked by the tests against
 * ECS 8.12's generated field list), and everything else BSM-specific under
 * one custom namespace, `bsm.*`.
 *
 * | ECS field | from |
 * |---|---|
 * | `@timestamp` | the header's time |
 * | `event.category`, `event.type` | the event's row of EVENT_MAPPING (src/json/ocsf.ts) |
 * | `event.action` | the event name without `AUE_`, lowercase (`execve`) |
 * | `event.outcome` | the return token: `success` / `failure` (`unknown` without one) |
 * | `event.code` | the event number |
 * | `event.module`, `event.dataset` | `bsm`, `bsm.audit` |
 * | `process.pid`, `.executable`, `.name`, `.args`, `.args_count`, `.command_line`, `.env_vars` | the subject; exec path and arguments (else the process context) |
 * | `process.parent.*` | the process context |
 * | `process.exit_code` | the exit token |
 * | `user.id`, `user.name`, `group.id`, `group.name` | the subject's real ids |
 * | `user.effective.id`, `.name`, `user.effective.group.*` | the subject's effective ids |
 * | `file.path`, `.name`, `.directory`, `.mode`, `.uid`, `.gid`, `.inode`, `.type` | the first path and attr tokens |
 * | `source.*`, `destination.*`, `network.type` | socket tokens: local end as source, remote end as destination |
 * | `host.ip` | a header_ex token's address |
 * | `bsm.*` | the rest: event name and classes, audit user, session, terminal, return, every path, text tokens, source file and offset |
 *
 * @module
 */

import type { NativeRecord } from "./native";
import { eventMapping } from "./ocsf";
import type { ProcessInfo } from "./process-context";
import { baseName, dirName, type Endpoint, recordFacts } from "./record-facts";

/** The ECS version the records follow (`ecs.version`). */
export const ECS_VERSION = "8.12.0";

/** The namespace of every field ECS does not define. */
export const ECS_CUSTOM_NAMESPACE = "bsm";

/** An ECS document (nested objects, as Elasticsearch takes them). */
export type EcsRecord = Record<string, unknown>;

function endpoint(e: Endpoint): Record<string, unknown> {
  return e.ip ? { ip: e.address, port: e.port, address: e.address } : { address: e.address };
}

function fileType(mode: number): string | undefined {
  switch (mode & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "dir";
    case 0o120000:
      return "symlink";
    default:
      return undefined;
  }
}

function processFields(p: ProcessInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { pid: p.pid };
  if (p.executable !== null) {
    out.executable = p.executable;
    out.name = baseName(p.executable);
  }
  if (p.args !== null && p.args.length > 0) {
    out.args = p.args;
    out.args_count = p.args.length;
    out.command_line = p.args.join(" ");
  }
  return out;
}

/**
 * The ECS document of a native record.
 *
 * @param r - the native record (with `parent` when process context is on)
 * @param self - the subject's process as the context knows it after this record, if known
 */
export function nativeToEcs(r: NativeRecord, self?: ProcessInfo): EcsRecord {
  const m = eventMapping(r.event.name);
  const facts = recordFacts(r);
  const s = r.subject;
  const ret = r.return;
  const event: Record<string, unknown> = {
    kind: "event",
    category: [m.ecsCategory],
    type: m.ecsType,
    action:
      r.event.name === null
        ? String(r.event.number)
        : r.event.name.replace(/^AUE_/, "").toLowerCase(),
    outcome: ret === null ? "unknown" : ret.success ? "success" : "failure",
    code: String(r.event.number),
    module: "bsm",
    dataset: "bsm.audit",
  };
  const doc: EcsRecord = { "@timestamp": r.time, ecs: { version: ECS_VERSION }, event };
  if (r.event.description !== null) doc.message = r.event.description;

  if (s !== null) {
    const executable =
      r.args.length > 0 && r.paths.length > 0
        ? r.paths[r.paths.length - 1]
        : (self?.executable ?? null);
    const args = r.args.length > 0 ? r.args : (self?.args ?? null);
    const proc = processFields({ pid: s.pid, executable, args });
    if (r.env.length > 0) proc.env_vars = r.env;
    if (facts.exitStatus !== null) proc.exit_code = facts.exitStatus;
    if (r.parent) proc.parent = processFields(r.parent);
    doc.process = proc;
    const user: Record<string, unknown> = { id: String(s.ruid) };
    if (s.ruidName !== undefined) user.name = s.ruidName;
    const effective: Record<string, unknown> = { id: String(s.euid) };
    if (s.euidName !== undefined) effective.name = s.euidName;
    const egroup: Record<string, unknown> = { id: String(s.egid) };
    if (s.egidName !== undefined) egroup.name = s.egidName;
    effective.group = egroup;
    user.effective = effective;
    doc.user = user;
    const group: Record<string, unknown> = { id: String(s.rgid) };
    if (s.rgidName !== undefined) group.name = s.rgidName;
    doc.group = group;
  }

  if (r.paths.length > 0) {
    const path = r.paths[0];
    const f: Record<string, unknown> = { path, name: baseName(path), directory: dirName(path) };
    const a = facts.attr;
    if (a !== null) {
      f.mode = (a.mode & 0o7777).toString(8).padStart(4, "0");
      f.uid = String(a.uid);
      f.gid = String(a.gid);
      f.inode = a.inode;
      const type = fileType(a.mode);
      if (type !== undefined) f.type = type;
    }
    doc.file = f;
  }
  if (facts.local !== null) doc.source = endpoint(facts.local);
  if (facts.remote !== null) doc.destination = endpoint(facts.remote);
  const ip = facts.remote?.ip ? facts.remote : facts.local?.ip ? facts.local : null;
  if (ip !== null) doc.network = { type: ip.address.includes(":") ? "ipv6" : "ipv4" };
  if (r.host !== null) doc.host = { ip: [r.host] };

  const bsm: Record<string, unknown> = {
    event: { name: r.event.name, classes: r.event.classes, modifier: r.modifier },
    source: r.source,
  };
  if (s !== null) {
    const audit: Record<string, unknown> = { id: String(s.auid) };
    if (s.auidName !== undefined) audit.name = s.auidName;
    bsm.audit_user = audit;
    bsm.session_id = s.sid;
    bsm.terminal = { port: s.port, address: s.address };
  }
  if (ret !== null) bsm.return = { errno: ret.errno, errno_name: ret.errnoName, value: ret.value };
  if (r.paths.length > 1) bsm.paths = r.paths;
  if (facts.texts.length > 0) bsm.text = facts.texts;
  if (r.damaged) bsm.damaged = true;
  doc[ECS_CUSTOM_NAMESPACE] = bsm;
  return doc;
}
