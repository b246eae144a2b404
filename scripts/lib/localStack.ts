// The local stack the web app runs on, shared by `npm run app` (scripts/app.ts) and the browser tests
// (test/app/): a `hardhat node` on 127.0.0.1, the protocol deployed to it with the demo seed
// (scripts/deploy.ts --seed, as the CLI's end-to-end test runs it), some activity so the seeded chain looks
// alive (mints, a pushed epoch with its breakdown and running stream, a sale listing and a rental listing),
// and the app's Vite server (dev, or a production build served by `vite preview`).
//
// Every child process started here is killed when this process exits, however it exits: on `exit`
// (uncaught errors included), on SIGINT/SIGTERM/SIGHUP when nobody else handles them, and, should this
// process be SIGKILLed, by a small watchdog process that notices its parent's pipe closing.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import os from "node:os";
import path from "node:path";

import {
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  type AddressBook,
  type EpochBreakdown,
  type EpochReport,
  type GetListingReturnType,
  type GetRentalListingReturnType,
  type WriteClient,
  contractsOf,
  getLastBreakdown,
  getListing,
  getRentalListing,
  getRig,
  listForRent,
  listPosition,
  mint,
  parseAddressBook,
  pushEpochWithReport,
  rewardDistributorAbi,
  rigSharesAbi,
  signEpochReport,
  split,
} from "../../sdk/index.js";
import { addressBookPath } from "../../sdk/loadAddressBook.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
/** PATH with node_modules/.bin first, so `hardhat` and `tsx` run on the `node` devDependency (Node 22). */
const ENV_PATH = `${BIN}${path.delimiter}${process.env.PATH ?? ""}`;

// ───────────────────────────── accounts ─────────────────────────────

/**
 * Hardhat's default accounts (mnemonic "test test … junk"): PUBLIC test keys, for local chains only.
 * The demo seed (deploy/DemoSeedModule.ts) makes #1 the operator and gives #2–#5 1,000,000 USDC each;
 * #10–#12 are three of the five reporters of deploy/parameters/localhost.json (threshold 3).
 */
export const HARDHAT_KEYS = {
  deployer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", // #0
  operator: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", // #1
  holders: [
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", // #2
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6", // #3
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a", // #4
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba", // #5
  ],
  reporters: [
    "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897", // #10
    "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82", // #11
    "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1", // #12
  ],
} as const satisfies { deployer: Hex; operator: Hex; holders: readonly Hex[]; reporters: readonly Hex[] };

/** Addresses of HARDHAT_KEYS. */
export const HARDHAT_ACCOUNTS = {
  deployer: privateKeyToAccount(HARDHAT_KEYS.deployer).address,
  operator: privateKeyToAccount(HARDHAT_KEYS.operator).address,
  holders: HARDHAT_KEYS.holders.map((k) => privateKeyToAccount(k).address),
  reporters: HARDHAT_KEYS.reporters.map((k) => privateKeyToAccount(k).address),
};

// ───────────────────────────── child processes ─────────────────────────────

const children = new Set<ChildProcess>();
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
function installExitHooks(): void {
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
function watchdog(pid: number): ChildProcess {
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

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const exited = waitForExit(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
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

// ───────────────────────────── hardhat node ─────────────────────────────

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
  children.add(child);
  const dog = child.pid === undefined ? undefined : watchdog(child.pid);
  if (dog) children.add(dog);

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
        children.delete(dog);
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

// ───────────────────────────── deployment ─────────────────────────────

export type DeployProtocolOptions = {
  rpcUrl: string;
  /** Where the address book <chainId>.json is written. */
  outDir: string;
  /** Ignition deployment id (journal under ignition/deployments/<id>/). */
  deploymentId: string;
  /** Test tokens and the demo rig (deploy/DemoSeedModule.ts, DemoOracleSeedModule.ts). Default true. */
  seed?: boolean;
  /** Run `hardhat build` first (default true; the tests pass false: `hardhat test` has built). */
  compile?: boolean;
  /** Wipe the deployment's Ignition journal first (right for a node just started). Default false. */
  reset?: boolean;
  /** Hardhat network whose parameters file is used (default "localhost"). */
  network?: string;
  timeoutMs?: number;
};

export type Deployment = {
  book: AddressBook;
  /** The address book's file (in `outDir`). */
  addressBookFile: string;
  /** ignition/deployments/<deploymentId>/ */
  journalDir: string;
  /** Removes the Ignition journal of the deployment (not the address book: `outDir` is the caller's). */
  cleanup(): Promise<void>;
};

type RunResult = { code: number; stdout: string; stderr: string };

function run(file: string, args: string[], timeoutMs: number): Promise<RunResult> {
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

/**
 * Deploys the protocol with scripts/deploy.ts (through tsx, as test/e2e/cli.test.ts does) and returns the
 * address book it wrote.
 */
export async function deployProtocol({
  rpcUrl,
  outDir,
  deploymentId,
  seed = true,
  compile = true,
  reset = false,
  network = "localhost",
  timeoutMs = 240_000,
}: DeployProtocolOptions): Promise<Deployment> {
  const journalDir = path.join(ROOT, "ignition", "deployments", deploymentId);
  const args = [
    path.join(ROOT, "scripts", "deploy.ts"),
    "--network",
    network,
    "--rpc-url",
    rpcUrl,
    "--deployment-id",
    deploymentId,
    "--out-dir",
    outDir,
    "--json",
    ...(seed ? ["--seed"] : []),
    ...(compile ? [] : ["--no-compile"]),
    ...(reset ? ["--reset"] : []),
  ];
  const r = await run(path.join(BIN, "tsx"), args, timeoutMs);
  if (r.code !== 0)
    throw new Error(`scripts/deploy.ts failed (exit ${r.code}):\n${(r.stderr || r.stdout).trim().slice(-4_000)}`);
  const line = r.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`scripts/deploy.ts printed no address book:\n${r.stdout.slice(-2_000)}`);
  const book = parseAddressBook(JSON.parse(line));
  const addressBookFile = addressBookPath(book.chainId, outDir);
  const written = parseAddressBook(JSON.parse(await readFile(addressBookFile, "utf8")));
  if (written.contracts.RigShares.address !== book.contracts.RigShares.address)
    throw new Error(`${addressBookFile} does not hold the deployment just made`);
  if (seed && !book.seed) throw new Error("scripts/deploy.ts --seed wrote no seed section (no demo rig id)");
  return {
    book,
    addressBookFile,
    journalDir,
    cleanup: () => rm(journalDir, { recursive: true, force: true }),
  };
}

// ───────────────────────────── activity ─────────────────────────────

/** What `seedActivity` does, in base units: USDC has 6 decimals, WBTC 8. */
export const ACTIVITY = {
  /** Holder #2 (HARDHAT_KEYS.holders[0]) and holder #3 (holders[1]) mint from the demo rig's sale. */
  mints: [120n, 80n],
  /** The pushed epoch's report: 190 TH/s of the rig's 200, 99% uptime, 12,000 sat, 82 kWh. */
  report: { deliveredHashrate: 190n * 10n ** 12n, uptimeBps: 9_900n, grossReward: 12_000n, energyWh: 82_000n },
  /** Its breakdown with the seeded terms: 82 kWh × 60 sat/kWh, 2% fee; 95% of nominal is above the SLA. */
  breakdown: {
    gross: 12_000n,
    electricity: 4_920n,
    serviceFee: 240n,
    debtIn: 0n,
    debtOut: 0n,
    slaRefund: 0n,
    net: 6_840n,
  },
  /** Holder #3 splits this many shares off its position and lists them. */
  sale: { shares: 30n, pricePerShare: 110_000_000n, minFill: 5n },
  /** Holder #2 lets its whole position. */
  rental: { pricePerDay: 2_000_000n, minDays: 1n, maxDays: 30n },
  /** Both listings stay open this long (chain time). */
  listingLifetime: 30n * 86_400n,
} as const;

export type ActivitySummary = {
  rigId: bigint;
  /** Positions after the activity (rig 1: 1000000000001 = holder #2's 120, …02 = holder #3's 50, …03 = its 30). */
  positions: { positionId: bigint; owner: Address; shares: bigint }[];
  /** The epoch pushed and how its gross became the net now streaming to the holders. */
  epoch: { epoch: bigint; breakdown: EpochBreakdown; streamEnd: bigint };
  /** Holder #3's sale listing (ShareMarket listings are keyed by position id). */
  saleListing: GetListingReturnType;
  /** Holder #2's rental listing (keyed by position id). */
  rentalListing: GetRentalListingReturnType;
};

function localChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `Local ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** A viem wallet client (local signing) for one of the public test keys. */
export function testWalletClient(rpcUrl: string, chainId: number, key: Hex): WriteClient {
  return createWalletClient({
    account: privateKeyToAccount(key),
    chain: localChain(chainId, rpcUrl),
    transport: http(rpcUrl),
    pollingInterval: 100,
  });
}

export function testPublicClient(rpcUrl: string, chainId: number): PublicClient {
  return createPublicClient({ chain: localChain(chainId, rpcUrl), transport: http(rpcUrl), pollingInterval: 100 });
}

/**
 * Makes a freshly seeded chain look alive for the app, through the SDK: holder #2 mints 120 shares and
 * holder #3 80 of the demo rig; time moves past the end of the rig's next epoch and that epoch is pushed from
 * a report signed by 3 reporters (breakdown `ACTIVITY.breakdown`; its net streams over the next epoch);
 * holder #3 splits 30 shares off and lists them for sale; holder #2 lists its position for rent.
 * Run once per fresh deployment; a second call on the same chain sends nothing and returns the same summary.
 */
export async function seedActivity({ rpcUrl, book }: { rpcUrl: string; book: AddressBook }): Promise<ActivitySummary> {
  if (!book.seed) throw new Error("seedActivity needs a seeded deployment (scripts/deploy.ts --seed)");
  const usdc = book.tokens?.USDC?.address;
  if (!usdc) throw new Error("seedActivity: the address book has no USDC test token");
  const contracts = contractsOf(book);
  const rigId = BigInt(book.seed.rigId);
  const chainId = book.chainId;
  const reader = testPublicClient(rpcUrl, chainId);
  const [holder2, holder3] = HARDHAT_KEYS.holders.map((k) => testWalletClient(rpcUrl, chainId, k));
  const operator = testWalletClient(rpcUrl, chainId, HARDHAT_KEYS.operator);
  const [a2, a3] = HARDHAT_ACCOUNTS.holders;
  const stride = 10n ** 12n;
  const ids = { holder2: rigId * stride + 1n, holder3: rigId * stride + 2n, listed: rigId * stride + 3n };

  const summary = async (): Promise<ActivitySummary> => {
    const [rig, breakdown, saleListing, rentalListing] = await Promise.all([
      getRig(reader, { contracts, rigId }),
      getLastBreakdown(reader, { contracts, rigId }),
      getListing(reader, { contracts, positionId: ids.listed }),
      getRentalListing(reader, { contracts, positionId: ids.holder2 }),
    ]);
    if (!breakdown) throw new Error(`rig ${rigId} has no pushed epoch`);
    const positions = await Promise.all(
      [ids.holder2, ids.holder3, ids.listed].map(async (positionId) => {
        const [owner, position] = await Promise.all([
          reader.readContract({
            address: contracts.rigShares,
            abi: rigSharesAbi,
            functionName: "ownerOf",
            args: [positionId],
          }),
          reader.readContract({
            address: contracts.distributor,
            abi: rewardDistributorAbi,
            functionName: "position",
            args: [positionId],
          }),
        ]);
        return { positionId, owner, shares: BigInt(position.shares) };
      }),
    );
    return {
      rigId,
      positions,
      epoch: { epoch: breakdown.epoch, breakdown, streamEnd: rig.stream.periodEnd },
      saleListing,
      rentalListing,
    };
  };

  // Already done on this chain (the same three positions and both listings): send nothing.
  const rig = await getRig(reader, { contracts, rigId });
  if (rig.lastSerial !== 0n) {
    const [sale, rental] = await Promise.all([
      getListing(reader, { contracts, positionId: ids.listed }),
      getRentalListing(reader, { contracts, positionId: ids.holder2 }),
    ]);
    if (rig.lastSerial === 3n && sale.seller === a3 && rental.owner === a2) return summary();
    throw new Error(
      `seedActivity needs a freshly seeded chain: rig ${rigId} already has ${rig.lastSerial} positions from other activity`,
    );
  }

  // 1. Mints (each approves its exact USDC cost first).
  await mint(holder2, { contracts, rigId, shares: ACTIVITY.mints[0] });
  await mint(holder3, { contracts, rigId, shares: ACTIVITY.mints[1] });

  // 2. Past the end of the rig's next epoch, then the epoch pushed from a 3-of-5 signed report.
  const epoch = rig.nextEpoch;
  const endsAt = (epoch + 1n) * rig.epochLength;
  for (let i = 0; i < 3; i++) {
    const head = (await reader.getBlock({ blockTag: "latest" })).timestamp;
    if (head >= endsAt) break;
    await rpc(rpcUrl, "evm_increaseTime", [Number(endsAt - head)]);
    await rpc(rpcUrl, "evm_mine");
  }
  const report: EpochReport = { rigId, epoch, ...ACTIVITY.report };
  const signatures = await Promise.all(
    HARDHAT_KEYS.reporters.map((key) =>
      signEpochReport(testWalletClient(rpcUrl, chainId, key), { contracts, report, chainId }),
    ),
  );
  await pushEpochWithReport(operator, { contracts, report, signatures });

  // 3. Holder #3 lists 30 of its 80 shares (a listing sells a whole position: split first).
  const now = (await reader.getBlock({ blockTag: "latest" })).timestamp;
  const expiry = now + ACTIVITY.listingLifetime;
  const { newPositionId } = await split(holder3, {
    contracts,
    positionId: ids.holder3,
    shares: ACTIVITY.sale.shares,
  });
  if (newPositionId !== ids.listed) throw new Error(`split made position ${newPositionId}, not ${ids.listed}`);
  await listPosition(holder3, {
    contracts,
    positionId: ids.listed,
    paymentToken: usdc,
    pricePerShare: ACTIVITY.sale.pricePerShare,
    minFill: ACTIVITY.sale.minFill,
    expiry,
  });

  // 4. Holder #2 lets its whole position.
  await listForRent(holder2, {
    contracts,
    positionId: ids.holder2,
    paymentToken: usdc,
    ...ACTIVITY.rental,
    expiry,
  });
  return summary();
}

// ───────────────────────────── the app's Vite server ─────────────────────────────

export type StartAppServerOptions = {
  /** Address books to publish as rigshare.config.json (RIGSHARE_DEPLOYMENTS_DIR). */
  deploymentsDir: string;
  /** The app's read RPC for `chainId` (RIGSHARE_RPC_URL_<chainId>). */
  rpcUrl: string;
  /** Chain the app asks the wallet for (RIGSHARE_CHAIN_ID). */
  chainId: number;
  /** "dev": Vite's dev server; "preview": a production build into a temporary directory, then `vite preview`. */
  mode?: "dev" | "preview";
  /** Port on 127.0.0.1 (fails when taken); default: the config's (5173 dev, 4173 preview, or the next free). */
  port?: number;
  /** Default: app/vite.config.ts. */
  configFile?: string;
  logLevel?: "info" | "warn" | "error" | "silent";
};

export type AppServer = {
  /** http://127.0.0.1:<port>/ */
  url: string;
  mode: "dev" | "preview";
  /** Stops the server, removes a preview's build and restores the environment variables. */
  close(): Promise<void>;
};

/**
 * Starts the web app's Vite server in this process. The config plugin reads the environment on every
 * request, so the variables are set on process.env while the server runs (one app server per process).
 */
export async function startAppServer({
  deploymentsDir,
  rpcUrl,
  chainId,
  mode = "dev",
  port,
  configFile = path.join(ROOT, "app", "vite.config.ts"),
  logLevel = "warn",
}: StartAppServerOptions): Promise<AppServer> {
  if (!existsSync(configFile)) throw new Error(`no Vite config at ${configFile}`);
  if (!existsSync(path.join(deploymentsDir, `${chainId}.json`)))
    throw new Error(`no address book ${chainId}.json in ${deploymentsDir}: deploy first`);
  const env: Record<string, string> = {
    RIGSHARE_DEPLOYMENTS_DIR: path.resolve(deploymentsDir),
    [`RIGSHARE_RPC_URL_${chainId}`]: rpcUrl,
    RIGSHARE_CHAIN_ID: String(chainId),
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const vite = await import("vite");
  const listen = port === undefined ? {} : { port, strictPort: true };
  const common = { configFile, logLevel, clearScreen: false } as const;
  try {
    if (mode === "dev") {
      const server = await vite.createServer({ ...common, server: listen });
      await server.listen();
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error("Vite's dev server reports no local URL");
      return {
        url,
        mode,
        close: async () => {
          await server.close();
          restore();
        },
      };
    }
    const root = path.dirname(configFile);
    if (!existsSync(path.join(root, "index.html"))) throw new Error(`no ${path.join(root, "index.html")} to build`);
    const outDir = await mkdtemp(path.join(os.tmpdir(), "rigshare-app-build-"));
    try {
      await vite.build({ ...common, build: { outDir, emptyOutDir: true } });
      const server = await vite.preview({ ...common, build: { outDir }, preview: listen });
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error("Vite's preview server reports no local URL");
      return {
        url,
        mode,
        close: async () => {
          await server.close();
          await rm(outDir, { recursive: true, force: true });
          restore();
        },
      };
    } catch (e) {
      await rm(outDir, { recursive: true, force: true });
      throw e;
    }
  } catch (e) {
    restore();
    throw e;
  }
}
