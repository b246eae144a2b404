// ChainView over JSON-RPC with viem: one `eth_getBlockByNumber` for the latest block, then every read of
// the request in multicalls at that block (sdk/internal/multicall.ts: Multicall3 when the chain declares it,
// otherwise viem's deployless multicall, which a bare `hardhat node` answers too, in batches its limits allow). A failed read (a token that is not an
// ERC-20, a burned position) comes back as a failure and maps to "nothing there", never to a thrown page.
import {
  type Abi,
  type Address,
  type ContractFunctionParameters,
  type Hex,
  type PublicClient,
  erc20Abi,
  getAddress,
  zeroAddress,
} from "viem";

import { rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../sdk/abis.js";
import type { RigshareContracts } from "../sdk/addressBook.js";
import { readMany } from "../sdk/internal/multicall.js";
import { type ChainRequest, type ChainSnapshot, type ChainView, type Funds, fundsKey } from "./chainView.js";

export type RpcChainViewOptions = {
  client: PublicClient;
  contracts: Required<Pick<RigshareContracts, "rigShares" | "distributor" | "market">>;
};

type Call = { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] };

/** Snapshots kept for the latest block: the same page read again within a block costs one eth_getBlock. */
const CACHED_SNAPSHOTS = 64;

export function rpcChainView({ client, contracts }: RpcChainViewOptions): ChainView {
  const { market, rigShares, distributor } = contracts;
  // State at a block hash never changes, so a snapshot of the same reads at the same block is the same
  // snapshot; a new block (or a reorg: another hash) empties the cache.
  let cachedBlock: Hex | undefined;
  const cache = new Map<string, Promise<ChainSnapshot>>();

  return {
    async snapshot(request: ChainRequest): Promise<ChainSnapshot> {
      const block = await client.getBlock({ blockTag: "latest" });
      const counters = unique(request.counters.map((a) => getAddress(a)));
      const orders = unique(request.orders.map((h) => h.toLowerCase() as Hex));
      const positions = unique(request.positions);
      const approvals = unique(request.approvals.map((a) => getAddress(a)));
      const funds = uniqueBy(
        request.funds.map((f) => ({ token: getAddress(f.token), owner: getAddress(f.owner) })),
        (f) => fundsKey(f.token, f.owner),
      );
      if (block.hash !== cachedBlock) {
        cache.clear();
        cachedBlock = block.hash ?? undefined;
      }
      const key = JSON.stringify([counters, orders, positions.map(String), approvals, funds]);
      const hit = cache.get(key);
      if (hit) return hit;
      const reading = read(block, counters, orders, positions, approvals, funds);
      if (cache.size >= CACHED_SNAPSHOTS) cache.delete(cache.keys().next().value!);
      cache.set(key, reading);
      // A failed read is not kept: the next request tries again.
      reading.catch(() => cache.delete(key));
      return reading;
    },
  };

  async function read(
    block: { number: bigint; timestamp: bigint },
    counters: Address[],
    orders: Hex[],
    positions: bigint[],
    approvals: Address[],
    funds: { token: Address; owner: Address }[],
  ): Promise<ChainSnapshot> {
    const calls: Call[] = [
      call(market, shareMarketAbi, "paused", []),
      call(rigShares, rigSharesAbi, "paused", []),
      call(rigShares, rigSharesAbi, "rigCount", []),
      ...counters.map((a) => call(market, shareMarketAbi, "counterOf", [a])),
      ...orders.map((h) => call(market, shareMarketAbi, "orderState", [h])),
      ...positions.flatMap((id) => [
        call(rigShares, rigSharesAbi, "beneficiaryOf", [id]),
        call(distributor, rewardDistributorAbi, "position", [id]),
        call(distributor, rewardDistributorAbi, "rentalOf", [id]),
      ]),
      ...approvals.map((a) => call(rigShares, rigSharesAbi, "isApprovedForAll", [a, market])),
      ...funds.flatMap((f) => [
        call(f.token, erc20Abi, "balanceOf", [f.owner]),
        call(f.token, erc20Abi, "allowance", [f.owner, market]),
      ]),
    ];
    // Split into as many eth_calls as the node's limits need (sdk/internal/multicall.ts), sent in parallel.
    const results = await readMany(client, calls as unknown as ContractFunctionParameters<Abi>[], block.number);

    let i = 0;
    const next = (): unknown => {
      const r = results[i++]!;
      return r.ok ? r.value : undefined;
    };
    // A pause flag that cannot be read counts as paused: the relay does not promise fills it cannot see.
    const marketPaused = (next() as boolean | undefined) ?? true;
    const sharesPaused = (next() as boolean | undefined) ?? true;
    const rigCount = next() as bigint | undefined;
    if (rigCount === undefined) throw new Error("RigShares.rigCount() could not be read");
    const snapshot: ChainSnapshot = {
      blockNumber: block.number,
      timestamp: block.timestamp,
      paused: marketPaused || sharesPaused,
      rigCount,
      counters: new Map(),
      orders: new Map(),
      positions: new Map(),
      approvals: new Map(),
      funds: new Map(),
    };
    // A read that failed leaves its key out: the evaluation treats a missing answer as "cannot fill".
    for (const a of counters) {
      const v = next() as bigint | undefined;
      if (v !== undefined) snapshot.counters.set(a, v);
    }
    for (const h of orders) {
      const v = next() as { filled: bigint; version: number | bigint; cancelled: boolean } | undefined;
      if (v !== undefined)
        snapshot.orders.set(h, { filled: v.filled, version: BigInt(v.version), cancelled: v.cancelled });
    }
    for (const id of positions) {
      const owner = (next() as Address | undefined) ?? zeroAddress;
      const p = next() as { shares: bigint; version: number | bigint; rented: boolean } | undefined;
      const rental = next() as { expires: bigint } | undefined;
      snapshot.positions.set(id, {
        owner: getAddress(owner),
        shares: p?.shares ?? 0n,
        version: BigInt(p?.version ?? 0),
        rentedUntil: p?.rented ? BigInt(rental?.expires ?? 0n) : 0n,
      });
    }
    for (const a of approvals) snapshot.approvals.set(a, (next() as boolean | undefined) ?? false);
    for (const f of funds) {
      const balance = (next() as bigint | undefined) ?? 0n;
      const allowance = (next() as bigint | undefined) ?? 0n;
      snapshot.funds.set(fundsKey(f.token, f.owner), { balance, allowance } satisfies Funds);
    }
    return snapshot;
  }
}

function call(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]): Call {
  return { address, abi, functionName, args };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const v of values) if (!seen.has(key(v))) seen.set(key(v), v);
  return [...seen.values()];
}
