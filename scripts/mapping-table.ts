/**
 * Prints the README's event mapping table from EVENT_MAPPING
 * (src/json/ocsf.ts): `node --import tsx scripts/mapping-table.ts`.
 * test/json-formats.test.ts checks that the README holds this very table.
 *
 * @module
 */

import { pathToFileURL } from "node:url";
import { BASE_MAPPING, EVENT_MAPPING } from "../src/json/ocsf";

/** The mapping as a markdown table. */
export function mappingTable(): string {
  const rows = [
    "| OCSF class (class_uid) | activity (activity_id) | ECS category: type | BSM events |",
    "|---|---|---|---|",
  ];
  for (const m of [...EVENT_MAPPING, BASE_MAPPING]) {
    const activity = (m.ocsf.activities as Record<number, string>)[m.activity];
    const events =
      m.events.length === 0 ? "every other event" : m.events.map((e) => `\`${e}\``).join(" ");
    rows.push(
      `| ${m.ocsf.name} (${m.ocsf.uid}) | ${activity} (${m.activity}) | ${m.ecsCategory}: ${m.ecsType.join(", ")} | ${events} |`,
    );
  }
  return rows.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${mappingTable()}\n`);
}
