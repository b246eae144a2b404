// A throwaway Postgres 15 cluster for the indexer tests (recipe: ../shared/TOOLCHAIN.md): initdb into a
// temporary directory, pg_ctl start on a free port with the socket in that directory, removed after.
// initdb refuses to run as root, so as root everything runs as the `postgres` user (runuser).
// Missing binaries: the Postgres runs are skipped with a loud message, except under CI=true, where
// that is a failure (CI installs Debian's postgresql, see .ci/run).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { freePort } from "../../scripts/lib/stack/processes.js";

const exec = promisify(execFile);
const PG_BIN = process.env.RIGSHARE_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type Postgres = { url: string; stop(): Promise<void> };

/** Why Postgres cannot run here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  for (const tool of ["initdb", "pg_ctl"]) {
    if (!existsSync(path.join(PG_BIN, tool)))
      return `${path.join(PG_BIN, tool)} is missing (apt-get install postgresql)`;
  }
  const root = process.getuid?.() === 0;
  if (root && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) return "runuser is missing";
  return undefined;
}

/**
 * Whether the Postgres runs are to happen: true when Postgres is available; false (after a loud warning)
 * when it is not and CI is not set; throws under CI=true.
 */
export function postgresEnabled(): boolean {
  const why = postgresUnavailable();
  if (why === undefined) return true;
  if (process.env.CI === "true") throw new Error(`CI=true but Postgres cannot run: ${why}`);
  console.warn(`\n  !!! SKIPPING the indexer's Postgres runs: ${why}. Under CI=true this fails. !!!\n`);
  return false;
}

export async function startPostgres(): Promise<Postgres> {
  const why = postgresUnavailable();
  if (why) throw new Error(`cannot start Postgres: ${why}`);
  const root = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), "rigshare-pg-"));
  const asPostgres = (tool: string, args: string[]) =>
    root
      ? exec("runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args])
      : exec(path.join(PG_BIN, tool), args);
  const data = path.join(dir, "data");
  try {
    if (root) {
      await exec("chown", ["postgres", dir]);
      await chmod(dir, 0o700);
    }
    await asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const port = await freePort();
    // fsync off: a test database never needs to survive a power cut, and it spares the shared disk.
    await asPostgres("pg_ctl", [
      "-D",
      data,
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      "-l",
      path.join(dir, "log"),
      "-w",
      "start",
    ]);
    let stopped: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: () =>
        (stopped ??= (async () => {
          await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
          await rm(dir, { recursive: true, force: true });
        })()),
    };
  } catch (e) {
    await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
