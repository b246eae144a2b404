// Fault injection for the crash-safety tests: RIGSHARE_ORACLE_CRASH_AT=<point>[@<epoch>] makes the process
// SIGKILL itself at that point (after logging it), exactly as an OOM kill or a power cut would. Points:
//   after-sign     signatures collected, nothing sent
//   after-submit   submitReport mined, pushEpoch not sent (steps = "separate")
//   after-send     push transaction handed to the node, receipt not seen
// Unset in production; the variable is read at every point so a test can aim at one epoch.
import type { Logger } from "./log.js";

export type CrashPoint = "after-sign" | "after-submit" | "after-send";

export function crashPoint(point: CrashPoint, epoch: bigint, log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  const spec = env.RIGSHARE_ORACLE_CRASH_AT;
  if (!spec) return;
  const [name, at] = spec.split("@");
  if (name !== point || (at !== undefined && BigInt(at) !== epoch)) return;
  log.warn("crash-point", { point, epoch });
  process.kill(process.pid, "SIGKILL");
}
