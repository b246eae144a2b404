// A throwaway Postgres cluster for the relay's tests: Debian's PostgreSQL binaries, a fresh data directory
// in a temporary folder, a free port on 127.0.0.1 and a socket in that folder; `stop` shuts it down and
// removes everything. As root (CI, this machine) the server runs as the `postgres` user, since initdb refuses
// root. Without the binaries the suite skips loudly, except with CI=true, where a missing Postgres fails.
import { execFile, execFileSync } from "node:child_process";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { userInfo } from "node:os";

import { freePort } from "../../scripts/lib/localStack.js";

export type TestPostgres = { url: string; port: number; stop(): Promise<void> };

const ROOT_DIR = "/usr/lib/postgresql";

/** The bin directory of the newest installed PostgreSQL (15 preferred), or undefined. */
export function postgresBin(): string | undefined {
  if (!existsSync(ROOT_DIR)) return undefined;
  const versions = readdirSync(ROOT_DIR)
    .filter((v) => existsSync(path.join(ROOT_DIR, v, "bin", "initdb")))
    .sort((a, b) => (a === "15" ? -1 : b === "15" ? 1 : Number(b) - Number(a)));
  return versions[0] === undefined ? undefined : path.join(ROOT_DIR, versions[0], "bin");
}

/**
 * In a mocha `before`: the bin directory, or a skip of the suite (with a warning) when PostgreSQL is
 * missing; with CI=true a missing PostgreSQL throws, so CI cannot pass without testing it.
 */
export function requirePostgres(context: Mocha.Context): string {
  const bin = postgresBin();
  if (bin) return bin;
  const message = `PostgreSQL binaries not found under ${ROOT_DIR} (apt-get install -y postgresql)`;
  if (process.env.CI === "true") throw new Error(`${message}: CI=true requires them`);
  console.warn(`\n  !!! SKIPPING the Postgres relay tests: ${message}\n`);
  context.skip();
}

function run(file: string, args: string[], asPostgres: boolean): Promise<string> {
  const [cmd, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  return new Promise((resolve, reject) =>
    execFile(cmd, argv as string[], { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(file)} failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

/** Starts a fresh cluster (about 2 s) with trust authentication for user `postgres`. */
export async function startPostgres(bin: string): Promise<TestPostgres> {
  const asPostgres = userInfo().uid === 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), "rigshare-relay-pg-"));
  const data = path.join(dir, "data");
  let started = false;
  const pgCtlStop = ["-D", data, "-m", "immediate", "-w", "stop"];
  // pg_ctl daemonises the server: should the test process die before `stop`, this still shuts it down.
  const onExit = () => {
    if (!started) return;
    const [cmd, argv] = asPostgres
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...pgCtlStop]]
      : [path.join(bin, "pg_ctl"), pgCtlStop];
    try {
      execFileSync(cmd as string, argv as string[], { stdio: "ignore", timeout: 10_000 });
    } catch {
      // Nothing more can be done while exiting.
    }
  };
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    if (started) await run(path.join(bin, "pg_ctl"), pgCtlStop, asPostgres);
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (asPostgres) {
      const pgUser = await run("id", ["-u", "postgres"], false);
      const pgGroup = await run("id", ["-g", "postgres"], false);
      await chown(dir, Number(pgUser.trim()), Number(pgGroup.trim()));
      await chmod(dir, 0o700);
    }
    await run(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], asPostgres);
    const port = await freePort();
    await run(
      path.join(bin, "pg_ctl"),
      [
        "-D",
        data,
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        "-l",
        path.join(dir, "log"),
        "-w",
        "start",
      ],
      asPostgres,
    );
    started = true;
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
