// Child-process supervision for the local stack: every child started through here is killed when this
// process exits, however it exits — on `exit` (uncaught errors included), on SIGINT/SIGTERM/SIGHUP when
// nobody else handles them, and, should this process be SIGKILLed, by a small watchdog process that
// notices its parent's pipe closing. Also the small network helpers every service needs (a free port,
// one JSON-RPC call).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer as createNetServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const BIN = path.join(ROOT, "node_modules", ".bin");
/** PATH with node_modules/.bin first, so `hardhat` and `tsx` run on the `node` devDependency (Node 22). */
export const ENV_PATH = `${BIN}${path.delimiter}${process.env.PATH ?? ""}`;

const children = new Set<ChildProcess>();

/** Puts `child` under supervision: it is killed when this process exits (see installExitHooks). */
export function supervise(child: ChildProcess): void {
  children.add(child);
}

/** Takes `child` out of supervision (it exited, or was stopped another way). */
export function release(child: ChildProcess): void {
  children.delete(child);
}
let exitHooksInstalled = false;

function killChildrenNow(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  children.clear();
}

/** Kills every child on exit; on a signal nobody else handles, kills them and dies of that signal. */
export function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on("exit", killChildrenNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // Someone else (scripts/app.ts, Vite) handles the signal and stops or exits: the exit hook covers the rest.
      if (process.listenerCount(signal) > 1) return;
      killChildrenNow();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * A tiny process that kills `pid` when the pipe from this process closes: covers this process dying
 * without running its exit hook (SIGKILL, OOM). Killed first by a normal stop.
 */
export function watchdog(pid: number): ChildProcess {
  const script = `
    const pid = Number(process.argv[1]);
    const kill = (signal) => { try { process.kill(pid, signal); } catch {} };
    process.stdin.on("data", () => {});
    const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
    process.stdin.on("end", () => {
      kill("SIGTERM");
      const started = Date.now();
      setInterval(() => {
        if (!alive()) process.exit(0);
        if (Date.now() - started > 3000) { kill("SIGKILL"); process.exit(0); }
      }, 100);
    });
    process.stdin.resume();`;
  const dog = spawn(process.execPath, ["-e", script, String(pid)], { stdio: ["pipe", "ignore", "ignore"] });
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void }).unref?.();
  return dog;
}

export type SupervisedProcess = {
  child: ChildProcess;
  /** The output kept so far (stdout and stderr interleaved). */
  output(): string;
  /** Its last `lines` lines, for error messages. */
  tail(lines?: number): string;
  /** Whether it has exited. */
  exited(): boolean;
  /**
   * Stops it with `signal` (SIGKILL after `graceMs`), waits for the exit and closes the log file.
   * Idempotent: later calls return the first stop.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
};

export type SpawnSupervisedOptions = {
  env?: NodeJS.ProcessEnv;
  /** Also write the output to this file (truncated first). */
  logFile?: string;
  /** How much output to keep in memory (default 8,000 characters; the oldest goes first). */
  keepChars?: number;
};

/**
 * Spawns `file args` in the project root with node_modules/.bin first on PATH, under supervision (killed
 * with this process; a watchdog kills it should this process be SIGKILLed), its output always drained.
 */
export function spawnSupervised(
  file: string,
  args: string[],
  { env = process.env, logFile, keepChars = 8_000 }: SpawnSupervisedOptions = {},
): SupervisedProcess {
  installExitHooks();
  const child = spawn(file, args, { cwd: ROOT, env: { ...env, PATH: ENV_PATH }, stdio: ["ignore", "pipe", "pipe"] });
  supervise(child);
  const dog = child.pid === undefined ? undefined : watchdog(child.pid);
  if (dog) supervise(dog);
  let output = "";
  const log = logFile ? createWriteStream(logFile) : undefined;
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    // Trim in halves, not per chunk, so a large buffer is not copied on every write.
    if (output.length > keepChars * 2) output = output.slice(-keepChars);
    log?.write(chunk);
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);
  let stopping: Promise<void> | undefined;
  return {
    child,
    output: () => output,
    tail: (lines = 40) => output.trim().split("\n").slice(-lines).join("\n"),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: (signal = "SIGTERM", graceMs = 5_000) =>
      (stopping ??= (async () => {
        if (dog) {
          dog.kill("SIGKILL");
          release(dog);
        }
        const done = waitForExit(child);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill(signal);
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await done;
          clearTimeout(timer);
        }
        release(child);
        await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
      })()),
  };
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A free TCP port on 127.0.0.1 (or checks that `port` is free). */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(`port ${port} on 127.0.0.1 is already in use (another node or server?): stop it or pick another`)
          : e,
      ),
    );
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/** One JSON-RPC call over HTTP (throws the node's error message). */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export type RunResult = { code: number; stdout: string; stderr: string };

export function runCommand(file: string, args: string[], timeoutMs: number): Promise<RunResult> {
  installExitHooks();
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env, PATH: ENV_PATH }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        children.delete(child);
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? error.message : stderr });
      },
    );
    children.add(child);
  });
}
