// Preloaded (node --import) into a command bench/run.ts times, such as
// `node dist/cli.js praudit -l`: at exit, writes the process's run time
// (since the process started), peak RSS and CPU time (every thread of the
// process, worker threads included: cpuMs / ms is the cores it kept busy)
// to the file BENCH_STATS_FILE.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const file = process.env.BENCH_STATS_FILE;
  if (!file) return;
  const cpu = process.cpuUsage();
  writeFileSync(
    file,
    JSON.stringify({
      ms: performance.now(),
      maxRSS: process.resourceUsage().maxRSS,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
});
