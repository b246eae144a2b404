// The indexer client: typed calls to the Rigshare indexer's REST API (indexer/src/api/routes.ts, Ponder).
//
// Why REST rather than @ponder/client (SQL over HTTP) or GraphQL: the routes are the indexer's contract — a
// handful of queries with indexes behind them, documented in indexer/README.md, stable while the tables
// evolve, callable with `fetch` from the SDK, the CLI, the browser and curl alike, and without a second
// query language in every client. Amounts arrive as decimal strings and are turned back into bigints here.
//
// The SDK reads that accept `indexer` (getPositions, getMarketListings, getEpochHistory) take the indexer's
// answer up to the block it has indexed and scan only the blocks after it on the chain, then read current
// state from the chain as the RPC path does: both paths give the same answer (test/indexer/sdk.test.ts).
import { type Address, getAddress } from "viem";

import type { EpochBreakdown } from "./types.js";

export type IndexerClient = {
  /** Base URL, e.g. http://127.0.0.1:42069 (no trailing slash needed). */
  url: string;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Replaces global fetch (tests count requests through it). */
  fetch?: typeof fetch;
};

/** The indexer answered with an error, or did not answer. */
export class IndexerError extends Error {
  override readonly name = "IndexerError" as const;
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(
      status === undefined
        ? `the indexer at ${url} did not answer: ${detail}`
        : `the indexer answered ${status} for ${url}: ${detail}`,
    );
  }
}

/** Builds an indexer client; `url` must be http(s). */
export function createIndexerClient(url: string, options: Omit<IndexerClient, "url"> = {}): IndexerClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IndexerError(url, undefined, "not a URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new IndexerError(url, undefined, "not http(s)");
  return { ...options, url: url.replace(/\/+$/, "") };
}

/** GET `path` with `query` (undefined values left out); parses JSON. */
export async function indexerGet<T>(
  client: IndexerClient,
  path: string,
  query: Record<string, string | bigint | number | boolean | undefined> = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const url = `${client.url}${path}${params.size > 0 ? `?${params}` : ""}`;
  let response: Response;
  try {
    response = await (client.fetch ?? fetch)(url, { signal: AbortSignal.timeout(client.timeoutMs ?? 10_000) });
  } catch (e) {
    throw new IndexerError(url, undefined, (e as Error).message);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 200);
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error === "string") detail = body.error;
    } catch {
      // not JSON: keep the text
    }
    throw new IndexerError(url, response.status, detail);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new IndexerError(url, response.status, "not JSON");
  }
}

/** Every item of a paginated list route, 1,000 per request. */
async function allItems<T>(
  client: IndexerClient,
  path: string,
  query: Record<string, string | bigint | number | boolean | undefined>,
): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const pageOf = await indexerGet<{ items: T[] }>(client, path, { ...query, limit: 1_000, offset });
    items.push(...pageOf.items);
    if (pageOf.items.length < 1_000) return items;
  }
}

export type IndexerStatus = {
  /** Backfill done (/ready answered 200). */
  ready: boolean;
  /** Last block the indexer has processed (0 before the first). */
  indexedBlock: bigint;
  indexedTimestamp: bigint;
};

/** Ponder's /status: the last block the indexer has processed and its timestamp (0 before the first). */
export async function getIndexedBlock(client: IndexerClient): Promise<{ number: bigint; timestamp: bigint }> {
  const status = await indexerGet<Record<string, { block?: { number: number; timestamp: number } | null }>>(
    client,
    "/status",
  );
  const chain = Object.values(status)[0];
  return { number: BigInt(chain?.block?.number ?? 0), timestamp: BigInt(chain?.block?.timestamp ?? 0) };
}

/** Ponder's /status and /ready. The app compares `indexedBlock` with the chain head ("behind by N blocks"). */
export async function getIndexerStatus(client: IndexerClient): Promise<IndexerStatus> {
  const [block, ready] = await Promise.all([
    getIndexedBlock(client),
    (client.fetch ?? fetch)(`${client.url}/ready`, { signal: AbortSignal.timeout(client.timeoutMs ?? 10_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.status === 200;
      },
      () => false,
    ),
  ]);
  return { ready, indexedBlock: block.number, indexedTimestamp: block.timestamp };
}

/**
 * `read` from the indexer, with the block it has indexed, when that block lies in [floor, head]; undefined
 * when the indexer is unreachable, answers an error, or is outside that range (another chain, a reset node):
 * the callers then scan the whole range through the RPC, as without an indexer.
 */
export async function readIndexed<T>(
  client: IndexerClient,
  floor: bigint,
  head: bigint,
  read: () => Promise<T>,
): Promise<{ indexedBlock: bigint; value: T } | undefined> {
  try {
    const { number: indexedBlock } = await getIndexedBlock(client);
    if (indexedBlock < floor || indexedBlock > head) return undefined;
    return { indexedBlock, value: await read() };
  } catch (e) {
    if (e instanceof IndexerError) return undefined;
    throw e;
  }
}

/** Ids of the live positions `owner` holds, ascending, as of the indexed block (one request, ids only). */
export async function getIndexedPositionIds(client: IndexerClient, owner: Address): Promise<bigint[]> {
  const { ids } = await indexerGet<{ ids: string[] }>(client, `/accounts/${getAddress(owner)}/position-ids`);
  return ids.map(BigInt);
}

/** Positions with an active sale listing and with an active rental listing, as of the indexed block. */
export async function getIndexedListedPositionIds(
  client: IndexerClient,
): Promise<{ listed: bigint[]; listedForRent: bigint[] }> {
  const [sale, rent] = await Promise.all([
    allItems<{ positionId: string }>(client, "/listings", { status: "active" }),
    allItems<{ positionId: string }>(client, "/rental-listings", { status: "active" }),
  ]);
  return { listed: sale.map((r) => BigInt(r.positionId)), listedForRent: rent.map((r) => BigInt(r.positionId)) };
}

export type IndexedRental = {
  positionId: bigint;
  renter: Address;
  expires: bigint;
  price: bigint;
  fee: bigint;
  blockNumber: bigint;
};

/** Rentals `renter` took through the market (Rented), in chain order. */
export async function getIndexedRentals(client: IndexerClient, renter: Address): Promise<IndexedRental[]> {
  const rows = await allItems<{
    positionId: string;
    renter: string;
    expires: string;
    price: string | null;
    fee: string | null;
    blockNumber: string;
    source: "market" | "direct";
  }>(client, "/rentals", { renter: getAddress(renter) });
  // Direct ERC-4907 setUser rentals carry no price: the market's Rented rentals only, as the RPC scan reads.
  return rows
    .filter((r) => r.source === "market")
    .map((r) => ({
      positionId: BigInt(r.positionId),
      renter: getAddress(r.renter),
      expires: BigInt(r.expires),
      price: BigInt(r.price ?? 0),
      fee: BigInt(r.fee ?? 0),
      blockNumber: BigInt(r.blockNumber),
    }));
}

/** An epoch's breakdown as the funder settled it, and the block of the settlement (EpochSettled). */
export type IndexedEpoch = EpochBreakdown & { blockNumber: bigint };

/** A rig's settled epochs (pushed through the funder), newest first, at most `limit`. */
export async function getIndexedEpochs(client: IndexerClient, rigId: bigint, limit: number): Promise<IndexedEpoch[]> {
  const { items } = await indexerGet<{ items: Record<string, string | null>[] }>(client, `/rigs/${rigId}/epochs`, {
    settled: true,
    order: "desc",
    limit,
  });
  const big = (v: string | null | undefined) => BigInt(v ?? 0);
  return items.map((r) => ({
    epoch: big(r.epoch),
    gross: big(r.gross),
    electricity: big(r.electricity),
    serviceFee: big(r.serviceFee),
    debtIn: big(r.debtIn),
    debtOut: big(r.debtOut),
    slaRefund: big(r.slaRefund),
    net: big(r.net),
    blockNumber: big(r.settledBlock ?? r.pushedBlock),
  }));
}
