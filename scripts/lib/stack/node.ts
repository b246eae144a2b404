// A `hardhat node` on 127.0.0.1 for the local stack and the end-to-end tests.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

import {
  BIN,
  ENV_PATH,
  ROOT,
  freePort,
  installExitHooks,
  release,
  rpc,
  supervise,
  terminate,
  watchdog,
} from "./processes.js";

export type StartNodeOptions = {
  /** Port on 127.0.0.1 (default: a free one). Fails when it is taken. */
  port?: number;
  /** Write the node's output (every RPC call it serves) to this file (truncated first); default: not kept. */
  logFile?: string;
  /** How long to wait for the node to answer JSON-RPC (default 90 s). */
  timeoutMs?: number;
};

export type LocalNode = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  chainId: number;
  /** Kills the node (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
};

/** Starts `hardhat node --hostname 127.0.0.1 --port <port>` and waits until it answers JSON-RPC. */
export async function startNode({ port, logFile, timeoutMs = 90_000 }: StartNodeOptions = {}): Promise<LocalNode> {
  installExitHooks();
  const chosen = await freePort(port ?? 0);
  const url = `http://127.0.0.1:${chosen}`;
  const child = spawn(path.join(BIN, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(chosen)], {
    cwd: ROOT,
    env: { ...process.env, PATH: ENV_PATH },
    stdio: ["ignore", "pipe", "pipe"],
  });
  supervise(child);
  const dog = child.pid === undefined ? undefined : watchdog(child.pid);
  if (dog) supervise(dog);

  // The node logs every call it serves: always drain its output, keep the tail for error messages.
  let tail = "";
  const log = logFile ? createWriteStream(logFile) : undefined;
  const onOutput = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8_000);
    log?.write(chunk);
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (dog) {
        dog.kill("SIGKILL");
        release(dog);
      }
      await terminate(child);
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    })());

  try {
    const chainId = await new Promise<number>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      let done = false;
      const onExit = (code: number | null, signal: string | null) => {
        done = true;
        reject(new Error(`hardhat node exited (${signal ?? `code ${code}`}) before answering:\n${tail.trim()}`));
      };
      child.once("exit", onExit);
      child.once("error", (e) => {
        done = true;
        reject(new Error(`cannot start hardhat node: ${e.message}`));
      });
      const poll = async () => {
        if (done) return;
        try {
          const id = await rpc<string>(url, "eth_chainId");
          done = true;
          child.removeListener("exit", onExit);
          resolve(Number(id));
        } catch {
          if (Date.now() > deadline) {
            done = true;
            reject(new Error(`hardhat node did not answer on ${url} within ${timeoutMs / 1000} s:\n${tail.trim()}`));
          } else setTimeout(poll, 150);
        }
      };
      void poll();
    });
    return { url, port: chosen, chainId, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
