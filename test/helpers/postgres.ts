// A throwaway Postgres cluster for the indexer and relay tests (recipe: ../shared/TOOLCHAIN.md): Debian's
// PostgreSQL binaries, initdb into a temporary directory, pg_ctl start on a free port of 127.0.0.1 with the
// socket in that directory; `stop` shuts it down and removes everything. initdb refuses to run as root, so
// as root (CI, this machine) the server runs as the `postgres` user (runuser). Without the binaries a suite
// skips with a loud message, except under CI=true, where that is a failure (.ci/run installs postgresql).
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { freePort } from "../../scripts/lib/stack/processes.js";

export type TestPostgres = { url: string; port: number; stop(): Promise<void> };

const ROOT_DIR = "/usr/lib/postgresql";

/** The bin directory of the installed PostgreSQL (RIGSHARE_PG_BIN, else 15, else the newest), or undefined. */
export function postgresBin(): string | undefined {
  if (process.env.RIGSHARE_PG_BIN) return process.env.RIGSHARE_PG_BIN;
  if (!existsSync(ROOT_DIR)) return undefined;
  const versions = readdirSync(ROOT_DIR)
    .filter((v) => existsSync(path.join(ROOT_DIR, v, "bin", "initdb")))
    .sort((a, b) => (a === "15" ? -1 : b === "15" ? 1 : Number(b) - Number(a)));
  return versions[0] === undefined ? undefined : path.join(ROOT_DIR, versions[0], "bin");
}

const asRoot = () => process.getuid?.() === 0;

/** Why Postgres cannot run here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  const bin = postgresBin();
  if (bin === undefined) return `no PostgreSQL under ${ROOT_DIR} (apt-get install -y postgresql)`;
  for (const tool of ["initdb", "pg_ctl"])
    if (!existsSync(path.join(bin, tool))) return `${path.join(bin, tool)} is missing (apt-get install postgresql)`;
  if (asRoot() && !existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) return "runuser is missing";
  return undefined;
}

/**
 * Whether the Postgres runs of `suite` are to happen: true when Postgres can run; false (after a loud
 * warning) when it cannot and CI is not set; throws under CI=true, so CI cannot pass without testing it.
 */
export function postgresEnabled(suite: string): boolean {
  const why = postgresUnavailable();
  if (why === undefined) return true;
  if (process.env.CI === "true") throw new Error(`CI=true but Postgres cannot run: ${why}`);
  console.warn(`\n  !!! SKIPPING the ${suite} Postgres runs: ${why}. Under CI=true this fails. !!!\n`);
  return false;
}

/** In a mocha `before`: skips the suite when Postgres cannot run (throws under CI=true, as postgresEnabled). */
export function requirePostgres(context: Mocha.Context, suite: string): void {
  if (!postgresEnabled(suite)) context.skip();
}

function run(tool: string, args: string[]): Promise<string> {
  const [cmd, argv] = asRoot() ? ["runuser", ["-u", "postgres", "--", tool, ...args]] : [tool, args];
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(tool)} failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

/** Starts a fresh cluster (about 2 s) with trust authentication for user `postgres`. */
export async function startPostgres(): Promise<TestPostgres> {
  const why = postgresUnavailable();
  if (why) throw new Error(`cannot start Postgres: ${why}`);
  const bin = postgresBin() as string;
  const pgCtl = path.join(bin, "pg_ctl");
  const dir = await mkdtemp(path.join(os.tmpdir(), "rigshare-pg-"));
  const data = path.join(dir, "data");
  const stopArgs = ["-D", data, "-m", "immediate", "-w", "stop"];
  let started = false;
  // pg_ctl daemonises the server: should the test process die before `stop`, this still shuts it down.
  const onExit = () => {
    if (!started) return;
    const [cmd, argv] = asRoot() ? ["runuser", ["-u", "postgres", "--", pgCtl, ...stopArgs]] : [pgCtl, stopArgs];
    try {
      execFileSync(cmd, argv, { stdio: "ignore", timeout: 10_000 });
    } catch {
      // Nothing more can be done while exiting.
    }
  };
  process.once("exit", onExit);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", onExit);
      if (started) await run(pgCtl, stopArgs).catch(() => undefined);
      started = false;
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    if (asRoot()) {
      await new Promise<void>((resolve, reject) =>
        execFile("chown", ["postgres", dir], (e) => (e ? reject(e) : resolve())),
      );
      await chmod(dir, 0o700);
    }
    await run(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    const port = await freePort();
    // fsync off: a test database never needs to survive a power cut, and it spares the shared disk.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    started = true; // from here on, stopping is attempted even if the start fails half way
    await run(pgCtl, ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
