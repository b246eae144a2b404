// Harness of the oracle updater's end-to-end tests: a real `hardhat node` on a free loopback port, a TCP
// proxy in front of it (the tests cut and restore the RPC), the protocol deployed over JSON-RPC (the
// oracle and funder through deploy/OracleModule.ts with Ignition), and the updater run as a child process
// (`node --import tsx scripts/oracle.ts …`) whose JSON log lines are collected.
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { type Server, type Socket, createConnection, createServer } from "node:net";
import path from "node:path";

import { deploy } from "@nomicfoundation/ignition-core";
import {
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  keccak256,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { buildOracleModule } from "../../deploy/OracleModule.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
export const MNEMONIC = "test test test test test test test test test test test junk";

/** Private key of the hardhat node's account `index`. */
export function accountKey(index: number): Hex {
  return toHex(mnemonicToAccount(MNEMONIC, { addressIndex: index }).getHdKey().privateKey!);
}
export function accountAddress(index: number): Address {
  return mnemonicToAccount(MNEMONIC, { addressIndex: index }).address;
}

// The local node and the small network helpers are the local stack's (scripts/lib/stack/).
import { rpc } from "../../scripts/lib/stack/processes.js";

export { freePort, rpc } from "../../scripts/lib/stack/processes.js";
export { type LocalNode as HardhatNode, startNode as startHardhatNode } from "../../scripts/lib/stack/node.js";

/** A TCP proxy on a fixed local port in front of `targetPort`; stop() cuts every connection. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, "127.0.0.1");
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ───────────────────────────── the oracle as a child process ─────────────────────────────

export type LogLine = { level: string; action: string; [k: string]: unknown };

export type OracleRun = {
  proc: ChildProcess;
  lines: LogLine[];
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line matching `predicate`. */
  waitFor(predicate: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
};

export function spawnOracle(args: string[], env: NodeJS.ProcessEnv): OracleRun {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "oracle.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: `${BIN}:${process.env.PATH}`, HOME: process.env.HOME, CI: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const lines: LogLine[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let partial = "";
  proc.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const parts = partial.split("\n");
    partial = parts.pop()!;
    for (const p of parts) {
      if (!p.startsWith("{")) continue;
      const line = JSON.parse(p) as LogLine;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(predicate, timeoutMs = 60_000) {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`timed out waiting for a log line; last lines:\n${out.slice(-3000)}\n${err.slice(-2000)}`),
            ),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          setTimeout(() => {
            clearTimeout(timer);
            reject(
              new Error(
                `oracle exited before the expected log line; output:\n${out.slice(-3000)}\n${err.slice(-2000)}`,
              ),
            );
          }, 50);
        });
      });
    },
  };
}

/** Runs the oracle to completion. */
export async function runOracle(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const run = spawnOracle(args, env);
  const timer = setTimeout(() => run.proc.kill("SIGKILL"), timeoutMs);
  const { code, signal } = await run.exited;
  clearTimeout(timer);
  return { code, signal, lines: run.lines, stdout: run.stdout(), stderr: run.stderr() };
}

// ───────────────────────────── deployment over JSON-RPC ─────────────────────────────

type Artifact = {
  contractName: string;
  sourceName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: Record<string, unknown>;
};

export async function readArtifact(name: string): Promise<Artifact> {
  const dir = name === "TestERC20" ? "contracts/test/TestERC20.sol" : `contracts/${name}.sol`;
  return JSON.parse(await readFile(path.join(ROOT, "artifacts", dir, `${name}.json`), "utf8")) as Artifact;
}

export const OPERATOR_ROLE = keccak256(toHex("OPERATOR_ROLE"));
export const DAY = 86_400n;
export const BTC = 10n ** 8n;

export type Deployed = {
  chainId: number;
  publicClient: PublicClient;
  wallets: (i: number) => WalletClient;
  abis: Record<"RigShares" | "RewardDistributor" | "HashrateOracle" | "EpochFunder" | "TestERC20", Abi>;
  usdc: Address;
  wbtc: Address;
  renderer: Address;
  shares: Address;
  distributor: Address;
  oracle: Address;
  funder: Address;
  deploymentBlock: bigint;
};

/** Deploys tokens, renderer, share token and distributor with viem, then OracleModule with Ignition. */
export async function deployAll(
  url: string,
  { reporters, threshold }: { reporters: Address[]; threshold: number },
): Promise<Deployed> {
  const chainId = Number(await rpc<string>(url, "eth_chainId"));
  const chain = defineChain({
    id: chainId,
    name: "e2e",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(url), pollingInterval: 50 }) as PublicClient;
  const walletCache = new Map<number, WalletClient>();
  const wallets = (i: number) => {
    if (!walletCache.has(i))
      walletCache.set(
        i,
        createWalletClient({ chain, transport: http(url), account: mnemonicToAccount(MNEMONIC, { addressIndex: i }) }),
      );
    return walletCache.get(i)!;
  };
  const names = [
    "RigShares",
    "RewardDistributor",
    "HashrateOracle",
    "EpochFunder",
    "TestERC20",
    "ShareRenderer",
  ] as const;
  const artifacts = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readArtifact(n)] as const)),
  ) as Record<(typeof names)[number], Artifact>;
  const admin = wallets(0);
  const deployBlock = await publicClient.getBlockNumber();

  async function deployContract(name: (typeof names)[number], args: unknown[]): Promise<Address> {
    const hash = await admin.deployContract({
      abi: artifacts[name].abi,
      bytecode: artifacts[name].bytecode,
      args,
      account: admin.account!,
      chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    return getAddress(receipt.contractAddress!);
  }
  const usdc = await deployContract("TestERC20", ["USD Coin", "USDC", 6]);
  const wbtc = await deployContract("TestERC20", ["Wrapped BTC", "WBTC", 8]);
  const renderer = await deployContract("ShareRenderer", []);
  const shares = await deployContract("RigShares", [0, admin.account!.address, renderer, admin.account!.address, 250]);
  const distributor = await deployContract("RewardDistributor", [shares, 0, admin.account!.address]);
  await write(publicClient, admin, shares, artifacts.RigShares.abi, "setDistributor", [distributor]);

  const result = (await deploy({
    config: { requiredConfirmations: 1 },
    artifactResolver: {
      loadArtifact: async (name: string) => artifacts[name as (typeof names)[number]] ?? (await readArtifact(name)),
      getBuildInfo: async () => undefined,
    },
    provider: {
      request: ({ method, params }: { method: string; params?: unknown[] }) => rpc(url, method, params ?? []),
    },
    ignitionModule: buildOracleModule({
      reporters,
      threshold,
      networks: [
        {
          payoutToken: wbtc,
          difficulty: 110_000_000_000_000n,
          blockReward: 322_500_000n,
          style: "bitcoin",
          maxTariffPerKWh: 500n,
        },
      ],
    }),
    deploymentParameters: { OracleModule: { shares, distributor } },
    accounts: (await rpc<string[]>(url, "eth_accounts")).map((a) => getAddress(a)),
  } as never)) as { type: string; contracts?: Record<string, { address: string }>; errors?: unknown };
  if (result.type !== "SUCCESSFUL_DEPLOYMENT")
    throw new Error(`OracleModule deployment failed: ${JSON.stringify(result, null, 1).slice(0, 2000)}`);
  const oracle = getAddress(result.contracts!["OracleModule#HashrateOracle"].address);
  const funder = getAddress(result.contracts!["OracleModule#EpochFunder"].address);
  return {
    chainId,
    publicClient,
    wallets,
    abis: {
      RigShares: artifacts.RigShares.abi,
      RewardDistributor: artifacts.RewardDistributor.abi,
      HashrateOracle: artifacts.HashrateOracle.abi,
      EpochFunder: artifacts.EpochFunder.abi,
      TestERC20: artifacts.TestERC20.abi,
    },
    usdc,
    wbtc,
    renderer,
    shares,
    distributor,
    oracle,
    funder,
    deploymentBlock: deployBlock,
  };
}

/** Sends a contract call from `wallet` and waits for its successful receipt. */
export async function write(
  publicClient: PublicClient,
  wallet: WalletClient,
  address: Address,
  abi: Abi,
  functionName: string,
  args: unknown[],
) {
  const hash = await wallet.writeContract({
    address,
    abi,
    functionName,
    args,
    account: wallet.account!,
    chain: wallet.chain,
  } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  return receipt;
}

/** The address book scripts/deploy.ts writes, plus the oracle and the funder. */
export function addressBook(d: Deployed) {
  const c = (address: Address) => ({ address, blockNumber: Number(d.deploymentBlock) });
  return {
    chainId: d.chainId,
    network: "localhost",
    deploymentId: "oracle-e2e",
    abiVersion: "0x0000000000000000",
    deploymentBlock: Number(d.deploymentBlock),
    contracts: {
      ShareRenderer: c(d.renderer),
      RigShares: c(d.shares),
      RewardDistributor: c(d.distributor),
      HashrateOracle: c(d.oracle),
      EpochFunder: c(d.funder),
    },
    tokens: {
      USDC: { ...c(d.usdc), symbol: "USDC", decimals: 6 },
      WBTC: { ...c(d.wbtc), symbol: "WBTC", decimals: 8 },
    },
  };
}
