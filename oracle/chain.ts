// The chain side: a viem client whose every JSON-RPC request is retried with exponential backoff on
// network faults (each retry logged), the deployment (address book + config overrides, checked against
// the RPC's chain id and the code on chain), and the reads the updater derives its state from.
import { readFile } from "node:fs/promises";
import path from "node:path";

import {
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  createPublicClient,
  custom,
  defineChain,
  getAddress,
  http,
  isAddress,
} from "viem";

import { epochFunderAbi, erc20Abi, hashrateOracleAbi, rewardDistributorAbi, rigSharesAbi } from "./abi.js";
import { ConfigError, RpcUnavailableError, oneLine, rootReason } from "./errors.js";
import type { Logger } from "./log.js";
import { type RetryOptions, isNetworkError, withRetry } from "./retry.js";

/** Whether an RPC failure is worth retrying: the node is unreachable, overloaded or timed out. */
export function isTransientRpcError(error: unknown): boolean {
  if (isNetworkError(error)) return true;
  for (
    let e = error as { status?: number; code?: number; name?: string; cause?: unknown } | undefined, i = 0;
    e && i < 8;
    e = e.cause as typeof e, i++
  ) {
    if (e.name === "HttpRequestError" && (e.status === undefined || e.status === 429 || e.status >= 500)) return true;
    if (e.code === -32005 || e.code === 429) return true; // limit exceeded / rate limited
  }
  return false;
}

/** An HTTP transport that retries transient faults with backoff; `signal` aborts the waits on shutdown. */
export function retryingTransport(url: string, retry: RetryOptions, log: Logger, signal?: AbortSignal): Transport {
  const inner = http(url, { retryCount: 0, timeout: 15_000 })({ retryCount: 0 });
  return custom(
    {
      request: ({ method, params }) =>
        withRetry(() => inner.request({ method, params }), {
          options: retry,
          isTransient: isTransientRpcError,
          log,
          action: "rpc-retry",
          fields: { method },
          signal,
        }).catch((error: unknown) => {
          if (isTransientRpcError(error)) {
            throw new RpcUnavailableError(
              `RPC ${new URL(url).origin} unavailable after ${retry.attempts} attempts (${method}): ${rootReason(error)}`,
              {
                cause: error,
              },
            );
          }
          throw error;
        }),
    },
    { retryCount: 0 },
  );
}

export function chainFor(chainId: number, url: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

export type Deployment = {
  chainId: number;
  shares: Address;
  distributor: Address;
  oracle: Address;
  funder: Address;
  /** First block to scan for events. */
  fromBlock: bigint;
  /** Where the addresses came from (for logs). */
  source: string;
};

type BookJson = {
  chainId?: unknown;
  deploymentBlock?: unknown;
  contracts?: Record<string, { address?: unknown; blockNumber?: unknown } | undefined>;
};

/**
 * Loads the address book `bookFile` (written by scripts/deploy.ts) for `chainId`, completed by the
 * config's overrides, and checks it: the book is for this chain, each contract has code, and the oracle,
 * funder and distributor point at each other.
 */
export async function loadDeployment(
  client: PublicClient,
  {
    chainId,
    bookFile,
    overrides,
  }: { chainId: number; bookFile: string; overrides: { HashrateOracle?: Address; EpochFunder?: Address } },
): Promise<Deployment> {
  const shown = path.relative(process.cwd(), bookFile) || bookFile;
  let book: BookJson;
  try {
    book = JSON.parse(await readFile(bookFile, "utf8")) as BookJson;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === "ENOENT"
        ? `no deployment for chain ${chainId}: ${shown} does not exist (run the deploy script first)`
        : `cannot read ${shown}: ${oneLine(error)}`,
    );
  }
  if (book.chainId !== chainId) {
    throw new ConfigError(
      `wrong chain: the RPC is chain ${chainId} but ${shown} is a deployment on chain ${String(book.chainId)}`,
    );
  }
  const address = (name: string): Address | undefined => {
    const a = book.contracts?.[name]?.address;
    if (a === undefined) return undefined;
    if (typeof a !== "string" || !isAddress(a, { strict: false }))
      throw new ConfigError(`${shown}: contracts.${name}.address is not an address`);
    return getAddress(a);
  };
  const shares = address("RigShares");
  const distributor = address("RewardDistributor");
  if (!shares || !distributor) throw new ConfigError(`${shown} lacks RigShares or RewardDistributor`);
  const oracle = overrides.HashrateOracle ?? address("HashrateOracle");
  if (!oracle) {
    throw new ConfigError(
      `${shown} has no HashrateOracle: deploy deploy/OracleModule.ts or set contracts.HashrateOracle in the oracle config`,
    );
  }

  for (const [name, a] of [
    ["RigShares", shares],
    ["RewardDistributor", distributor],
    ["HashrateOracle", oracle],
  ] as const) {
    const code = await client.getCode({ address: a });
    if (!code || code === "0x")
      throw new ConfigError(`no contract at ${name} ${a} on chain ${chainId}: is ${shown} stale (chain restarted)?`);
  }
  const wired = await client.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "funder" });
  const funder = overrides.EpochFunder ?? address("EpochFunder") ?? wired;
  if (BigInt(funder) === 0n)
    throw new ConfigError(`RewardDistributor ${distributor} has no epoch funder yet (distributor.setFunder)`);
  if (getAddress(wired) !== getAddress(funder))
    throw new ConfigError(`RewardDistributor ${distributor} is funded by ${wired}, not by EpochFunder ${funder}`);
  const consumer = await client.readContract({ address: oracle, abi: hashrateOracleAbi, functionName: "consumer" });
  if (getAddress(consumer) !== getAddress(funder))
    throw new ConfigError(`HashrateOracle ${oracle} reports to ${consumer}, not to EpochFunder ${funder}`);

  const blocks = [book.deploymentBlock, book.contracts?.HashrateOracle?.blockNumber].filter(
    (b): b is number => typeof b === "number",
  );
  return {
    chainId,
    shares,
    distributor,
    oracle,
    funder,
    fromBlock: BigInt(blocks.length ? Math.max(...blocks) : 0),
    source: shown,
  };
}

/** What the updater needs to know about a rig, as of one block. */
export type RigChainState = {
  blockNumber: bigint;
  /** The block's timestamp: "now" for deciding which epochs have ended. */
  now: bigint;
  payoutToken: Address;
  epochLength: bigint;
  /** The distributor's (and the oracle's) next epoch of the rig. */
  nextEpoch: bigint;
  maxEpochPayout: bigint;
  /** Struct hash of an accepted, not yet pushed report (zero if none). */
  pending: Hex;
};

export const ZERO_HASH = `0x${"0".repeat(64)}` as Hex;

export async function readRigState(client: PublicClient, d: Deployment, rigId: bigint): Promise<RigChainState> {
  const block = await client.getBlock({ blockTag: "latest" });
  const blockNumber = block.number;
  const [[payoutToken, epochLength, nextEpoch, maxEpochPayout], pending] = await Promise.all([
    client.readContract({
      address: d.distributor,
      abi: rewardDistributorAbi,
      functionName: "epochTerms",
      args: [rigId],
      blockNumber,
    }),
    client.readContract({
      address: d.oracle,
      abi: hashrateOracleAbi,
      functionName: "pendingReport",
      args: [rigId],
      blockNumber,
    }),
  ]);
  return { blockNumber, now: block.timestamp, payoutToken, epochLength, nextEpoch, maxEpochPayout, pending };
}

/** Static facts about a rig (nominal hashrate, power, operator) and its payout token. */
export type RigFacts = {
  operator: Address;
  hashrate: bigint;
  powerWatts: bigint;
  payoutToken: Address;
  decimals: number;
  symbol: string;
  epochLength: bigint;
};

export async function readRigFacts(client: PublicClient, d: Deployment, rigId: bigint): Promise<RigFacts> {
  const [[operator, hashrate, powerWatts], [payoutToken, epochLength]] = await Promise.all([
    client.readContract({ address: d.shares, abi: rigSharesAbi, functionName: "rigSpec", args: [rigId] }),
    client.readContract({
      address: d.distributor,
      abi: rewardDistributorAbi,
      functionName: "epochTerms",
      args: [rigId],
    }),
  ]);
  if (epochLength === 0n) throw new ConfigError(`rig ${rigId} is not registered on chain ${d.chainId}`);
  const [decimals, symbol] = await Promise.all([
    client.readContract({ address: payoutToken, abi: erc20Abi, functionName: "decimals" }),
    client.readContract({ address: payoutToken, abi: erc20Abi, functionName: "symbol" }).catch(() => "?"),
  ]);
  return { operator, hashrate, powerWatts, payoutToken, decimals, symbol, epochLength };
}

/** The oracle's hashrate tolerance (bps of nominal). */
export async function readTolerance(client: PublicClient, d: Deployment): Promise<bigint> {
  const [toleranceBps] = await client.readContract({
    address: d.oracle,
    abi: hashrateOracleAbi,
    functionName: "bounds",
  });
  return toleranceBps;
}

/** The largest gross a report of `rigId` delivering `deliveredHashrate` may carry (luck bound, epoch cap). */
export function readGrossCap(
  client: PublicClient,
  d: Deployment,
  rigId: bigint,
  deliveredHashrate: bigint,
): Promise<bigint> {
  return client.readContract({
    address: d.oracle,
    abi: hashrateOracleAbi,
    functionName: "grossCap",
    args: [rigId, deliveredHashrate],
  });
}

export { epochFunderAbi };

/** Creates the read client for `url` (chain id learned from the node). */
export async function connect(url: string, retry: RetryOptions, log: Logger, signal?: AbortSignal) {
  const transport = retryingTransport(url, retry, log, signal);
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new ConfigError(`cannot reach the RPC at ${url}: ${rootReason(error)}`);
  }
  const chain = chainFor(chainId, url);
  const client = createPublicClient({ chain, transport, pollingInterval: 250 });
  return { client: client as PublicClient, chain, chainId, transport };
}
