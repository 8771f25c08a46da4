/**
 * The OCSF form of a record (`bsm-trail json --format ocsf`): its class
 * and activity from {@link EVENT_MAPPING}, the attributes every OCSF event
 * requires (`activity_id`, `category_uid`, `class_uid`, `type_uid`,
 * `severity_id`, `time`, `metadata` with `product` and `version`), those
 * its class requires (`actor` and `device` for System Activity, `file`
 * for File System Activity, `process` for Process Activity, `user` for
 * Authentication and Account Change, an endpoint for Network Activity),
 * and everything BSM-specific under `unmapped`.
 *
 * @module
 */

import { version as PACKAGE_VERSION } from "../../package.json";
import type { NativeRecord } from "./native";
import { eventMapping, OCSF_CLASSES, OCSF_VERSION } from "./ocsf";
import type { ProcessInfo } from "./process-context";
import { baseName, dirName, type Endpoint, recordFacts } from "./record-facts";

/** An OCSF event. */
export type OcsfRecord = Record<string, unknown>;

/** OCSF file `type_id` of a mode's file type (1 regular, 2 folder, 3 char, 4 block, 5 socket, 6 pipe, 7 symlink). */
function fileTypeId(mode: number | undefined): number {
  if (mode === undefined) return 0;
  switch (mode & 0o170000) {
    case 0o100000:
      return 1;
    case 0o040000:
      return 2;
    case 0o020000:
      return 3;
    case 0o060000:
      return 4;
    case 0o140000:
      return 5;
    case 0o010000:
      return 6;
    case 0o120000:
      return 7;
    default:
      return 0;
  }
}

function fileObject(path: string, mode: number | undefined): Record<string, unknown> {
  return { path, name: baseName(path), parent_folder: dirName(path), type_id: fileTypeId(mode) };
}

function processObject(p: ProcessInfo, mode?: number): Record<string, unknown> {
  const out: Record<string, unknown> = { pid: p.pid };
  if (p.executable !== null) out.file = fileObject(p.executable, mode);
  if (p.executable !== null) out.name = baseName(p.executable);
  if (p.args !== null && p.args.length > 0) out.cmd_line = p.args.join(" ");
  return out;
}

function endpointObject(e: Endpoint): Record<string, unknown> {
  return e.ip ? { ip: e.address, port: e.port } : { name: e.address };
}

/**
 * The OCSF event of a native record.
 *
 * @param r - the native record (with `parent` when process context is on)
 * @param self - the subject's process as the context knows it after this record, if known
 */
export function nativeToOcsf(r: NativeRecord, self?: ProcessInfo): OcsfRecord {
  const m = eventMapping(r.event.name);
  const cls = m.ocsf;
  const activityName = (cls.activities as Record<number, string>)[m.activity];
  const facts = recordFacts(r);
  const s = r.subject;
  const ret = r.return;
  const out: OcsfRecord = {
    activity_id: m.activity,
    activity_name: activityName,
    category_uid: cls.categoryUid,
    category_name: cls.categoryName,
    class_uid: cls.uid,
    class_name: cls.name,
    type_uid: cls.uid * 100 + m.activity,
    type_name: `${cls.name}: ${activityName}`,
    severity_id: 1,
    severity: "Informational",
    status_id: ret === null ? 0 : ret.success ? 1 : 2,
    status: ret === null ? "Unknown" : ret.success ? "Success" : "Failure",
    time: r.timeMs,
    metadata: {
      version: OCSF_VERSION,
      product: { name: "bsm-trail", vendor_name: "bsm-trail", version: PACKAGE_VERSION },
      log_name: r.source.file ?? "(stdin)",
      original_time: r.time,
    },
    device: r.host === null ? { type_id: 0 } : { type_id: 0, ip: r.host },
  };
  if (ret !== null && !ret.success) out.status_code = ret.errnoName ?? String(ret.errno);
  if (r.event.description !== null) out.message = r.event.description;

  const execPath = r.args.length > 0 && r.paths.length > 0 ? r.paths[r.paths.length - 1] : null;
  let actorProcess: Record<string, unknown> | null = null;
  if (s !== null) {
    const user: Record<string, unknown> = { uid: String(s.auid) };
    if (s.auidName !== undefined) user.name = s.auidName;
    // An exec record's attr token is the executable's.
    actorProcess = processObject(
      {
        pid: s.pid,
        executable: execPath ?? self?.executable ?? null,
        args: r.args.length > 0 ? r.args : (self?.args ?? null),
      },
      execPath === null ? undefined : facts.attr?.mode,
    );
    if (r.parent) actorProcess.parent_process = processObject(r.parent);
    out.actor = { user, process: actorProcess, session: { uid: String(s.sid) } };
  } else {
    out.actor = {};
  }

  switch (cls.uid) {
    case OCSF_CLASSES.process.uid:
      out.process = actorProcess ?? { pid: -1 };
      if (facts.exitStatus !== null) out.exit_code = facts.exitStatus;
      break;
    case OCSF_CLASSES.file.uid:
      out.file =
        r.paths.length > 0 ? fileObject(r.paths[0], facts.attr?.mode) : { name: "", type_id: 0 };
      break;
    case OCSF_CLASSES.authentication.uid:
    case OCSF_CLASSES.accountChange.uid: {
      const user: Record<string, unknown> = { uid: s === null ? "" : String(s.ruid) };
      if (s?.ruidName !== undefined) user.name = s.ruidName;
      out.user = user;
      if (cls.uid === OCSF_CLASSES.authentication.uid) {
        out.service = { name: r.event.name ?? String(r.event.number) };
        if (s !== null && s.address !== "0.0.0.0" && s.address !== "::") {
          out.src_endpoint = { ip: s.address };
        }
      }
      break;
    }
  }
  if (facts.local !== null) out.src_endpoint = endpointObject(facts.local);
  if (facts.remote !== null) out.dst_endpoint = endpointObject(facts.remote);
  if (cls.uid === OCSF_CLASSES.network.uid && facts.local === null && facts.remote === null) {
    // Network Activity needs an endpoint: the subject's terminal address is the one known.
    out.src_endpoint = { ip: s === null ? "0.0.0.0" : s.address };
  }

  const unmapped: Record<string, unknown> = {
    bsm_event: r.event.name,
    bsm_event_number: r.event.number,
    bsm_classes: r.event.classes,
    bsm_modifier: r.modifier,
    bsm_offset: r.source.offset,
    bsm_length: r.source.length,
  };
  if (s !== null) {
    unmapped.bsm_subject = s;
  }
  if (ret !== null) unmapped.bsm_return = ret;
  if (r.paths.length > 1) unmapped.bsm_paths = r.paths;
  if (facts.texts.length > 0) unmapped.bsm_text = facts.texts;
  if (r.env.length > 0) unmapped.bsm_env = r.env;
  if (r.damaged) unmapped.bsm_damaged = true;
  out.unmapped = unmapped;
  return out;
}
