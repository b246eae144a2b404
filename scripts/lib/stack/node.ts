// A `hardhat node` on 127.0.0.1 for the local stack and the end-to-end tests.
import path from "node:path";

import { BIN, freePort, rpc, spawnSupervised } from "./processes.js";

export type StartNodeOptions = {
  /** Port on 127.0.0.1 (default: a free one). Fails when it is taken. */
  port?: number;
  /** Write the node's output (every RPC call it serves) to this file (truncated first); default: not kept. */
  logFile?: string;
  /** How long to wait for the node to answer JSON-RPC (default 90 s). */
  timeoutMs?: number;
  /** Chain id the node reports (`hardhat node --chain-id`; default: the config's, 31337). */
  chainId?: number;
  /** Chain type (`hardhat node --chain-type`: "l1", "op", "generic"; default: the config's). */
  chainType?: string;
};

export type LocalNode = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  chainId: number;
  /** Kills the node (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
};

/** Starts `hardhat node --hostname 127.0.0.1 --port <port> [--chain-id <id>] [--chain-type <type>]` and waits until it answers JSON-RPC. */
export async function startNode({
  port,
  logFile,
  timeoutMs = 90_000,
  chainId: wantedChainId,
  chainType,
}: StartNodeOptions = {}): Promise<LocalNode> {
  const chosen = await freePort(port ?? 0);
  const url = `http://127.0.0.1:${chosen}`;
  // The node logs every call it serves: its output is always drained, the tail kept for error messages.
  const node = spawnSupervised(
    path.join(BIN, "hardhat"),
    [
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(chosen),
      ...(wantedChainId === undefined ? [] : ["--chain-id", String(wantedChainId)]),
      ...(chainType === undefined ? [] : ["--chain-type", chainType]),
    ],
    {
      logFile,
    },
  );
  const { child } = node;
  const stop = () => node.stop();

  try {
    const chainId = await new Promise<number>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      let done = false;
      const onExit = (code: number | null, signal: string | null) => {
        done = true;
        reject(new Error(`hardhat node exited (${signal ?? `code ${code}`}) before answering:\n${node.tail()}`));
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
            reject(new Error(`hardhat node did not answer on ${url} within ${timeoutMs / 1000} s:\n${node.tail()}`));
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
