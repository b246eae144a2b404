// Compares the indexer's answers with the contracts' views at the chain head, field by field: every rig
// (RigShares.rig, sharesAvailable, the distributor's rigStream, the funder's terms and lastBreakdown),
// every position ever minted (beneficiaryOf, sharesOf, the distributor's version, ERC-4907 userOf, the
// market's listing and rentalListing), every given account (claimableBalance per payout token, the market
// counter), every given signed order (orderState) and every epoch (the SDK's log-scanned history).
import type { Hex, PublicClient } from "viem";

import {
  type AddressBook,
  contractsOf,
  epochFunderAbi,
  getEpochHistory,
  rewardDistributorAbi,
  rigSharesAbi,
  shareMarketAbi,
} from "../../sdk/index.js";

type Json = Record<string, unknown>;
export type Comparison = { fields: number; mismatches: string[] };

const ZERO = "0x0000000000000000000000000000000000000000";
const STRIDE = 10n ** 12n;

export async function getJson<T = Json>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A value as the API prints it: bigints and numbers as decimal strings, addresses lowercase. */
function norm(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return /^0x[0-9a-fA-F]*$/.test(v) ? v.toLowerCase() : v;
  return String(v);
}

export async function compareWithChain({
  indexerUrl,
  reader,
  book,
  accounts,
  orderHashes = [],
  maxPositionsPerRig,
}: {
  indexerUrl: string;
  reader: PublicClient;
  book: AddressBook;
  accounts: readonly Hex[];
  orderHashes?: readonly Hex[];
  /** Compare at most this many positions per rig, evenly spread, the last one included (default: all). */
  maxPositionsPerRig?: number;
}): Promise<Comparison> {
  const contracts = contractsOf(book);
  const shares = book.contracts.RigShares.address;
  const distributor = book.contracts.RewardDistributor.address;
  const funder = book.contracts.EpochFunder?.address;
  const market = book.contracts.ShareMarket?.address;
  const head = await reader.getBlock({ blockTag: "latest" });
  const blockNumber = head.number;
  const read = <T>(address: Hex, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    reader.readContract({ address, abi, functionName, args, blockNumber } as never) as Promise<T>;

  const result: Comparison = { fields: 0, mismatches: [] };
  const eq = (what: string, chain: unknown, indexed: unknown) => {
    result.fields++;
    if (norm(chain) !== norm(indexed))
      result.mismatches.push(`${what}: chain ${norm(chain)}, indexer ${norm(indexed)}`);
  };

  const rigCount = await read<bigint>(shares, rigSharesAbi, "rigCount");
  const payoutTokens = new Set<string>();
  for (let rigId = 1n; rigId <= rigCount; rigId++) {
    const r = await read<Json>(shares, rigSharesAbi, "rig", [rigId]);
    const x = await getJson(`${indexerUrl}/rigs/${rigId}`);
    const k = `rig ${rigId}`;
    for (const f of ["operator", "royaltyBps", "status", "algorithm", "saleOpen", "powerWatts", "paymentToken"])
      eq(`${k}.${f}`, r[f], x[f]);
    for (const f of ["epochLength", "pricePerShare", "totalShares", "payoutToken", "hashrate", "name"])
      eq(`${k}.${f}`, r[f], x[f]);
    eq(`${k}.nextSerial`, r.nextSerial, x.lastSerial);
    eq(`${k}.sharesAvailable`, await read(shares, rigSharesAbi, "sharesAvailable", [rigId]), x.sharesAvailable);
    payoutTokens.add(String(r.payoutToken).toLowerCase());

    const s = await read<Json>(distributor, rewardDistributorAbi, "rigStream", [rigId]);
    eq(`${k}.stream.nextEpoch`, s.nextEpoch, x.nextEpoch);
    eq(`${k}.stream.rateX18`, s.rateX18, x.rateX18);
    eq(`${k}.stream.periodEnd`, s.periodEnd, x.periodEnd);
    eq(`${k}.stream.totalShares`, s.totalShares, x.sharesOutstanding);
    eq(`${k}.stream.maxEpochPayout`, s.maxEpochPayout, x.maxEpochPayout);

    if (funder) {
      const t = await read<Json>(funder, epochFunderAbi, "terms", [rigId]);
      for (const f of Object.keys(t)) eq(`${k}.terms.${f}`, t[f], x[f]);
      const epochs = (await getJson<{ items: Json[] }>(`${indexerUrl}/rigs/${rigId}/epochs?limit=1000`)).items;
      const settled = epochs.filter((e) => e.net !== null);
      if (t.started) {
        // The funder's last breakdown is the indexer's latest settled epoch.
        const last = await read<Json>(funder, epochFunderAbi, "lastBreakdown", [rigId]);
        const mine = settled.at(-1) ?? {};
        for (const f of Object.keys(last)) eq(`${k}.lastBreakdown.${f}`, last[f], mine[f]);
      }
      // Every settled epoch, against the SDK's eth_getLogs scan of EpochSettled.
      const history = await getEpochHistory(reader, { contracts, rigId, limit: 1_000 });
      eq(`${k}.settledEpochs`, history.length, settled.length);
      for (const h of history) {
        const mine = settled.find((e) => norm(e.epoch) === norm(h.epoch)) ?? {};
        for (const f of ["gross", "electricity", "serviceFee", "debtIn", "debtOut", "slaRefund", "net"] as const)
          eq(`${k}.epoch ${h.epoch}.${f}`, h[f], mine[f]);
      }
      // Each pushed epoch's stream is what the distributor streams (the last one is the running stream).
      const pushed = epochs.filter((e) => e.amount !== null);
      if (pushed.length > 0) {
        eq(`${k}.lastPushed.rateX18`, s.rateX18, pushed.at(-1)!.rateX18);
        eq(`${k}.lastPushed.streamEnd`, s.periodEnd, pushed.at(-1)!.streamEnd);
      }
    }

    // Every position of the rig, burned ones included.
    const lastSerial = BigInt(r.nextSerial as bigint);
    const stride =
      maxPositionsPerRig && lastSerial > BigInt(maxPositionsPerRig)
        ? (lastSerial + BigInt(maxPositionsPerRig) - 1n) / BigInt(maxPositionsPerRig)
        : 1n;
    const serials: bigint[] = [];
    for (let serial = 1n; serial <= lastSerial; serial += stride) serials.push(serial);
    if (lastSerial > 0n && serials.at(-1) !== lastSerial) serials.push(lastSerial);
    for (const serial of serials) {
      const id = rigId * STRIDE + serial;
      const p = await getJson(`${indexerUrl}/positions/${id}`);
      const pk = `position ${id}`;
      const owner = await read<Hex>(shares, rigSharesAbi, "beneficiaryOf", [id]);
      eq(`${pk}.owner`, owner, p.owner);
      eq(`${pk}.burned`, owner === ZERO, p.burned);
      eq(`${pk}.shares`, await read(distributor, rewardDistributorAbi, "sharesOf", [id]), p.shares);
      if (owner !== ZERO) {
        const d = await read<Json>(distributor, rewardDistributorAbi, "position", [id]);
        eq(`${pk}.version`, d.version, p.version);
      }
      const renter = p.rentalExpires !== null && BigInt(p.rentalExpires as string) >= head.timestamp ? p.renter : ZERO;
      eq(`${pk}.userOf`, await read(shares, rigSharesAbi, "userOf", [id]), renter);
      if (market) {
        const l = await read<Json>(market, shareMarketAbi, "listing", [id]);
        const mine = (p.listing as Json | null)?.status === "active" ? (p.listing as Json) : undefined;
        for (const f of ["seller", "shares", "version", "paymentToken", "expiry", "pricePerShare", "minFill"])
          eq(`${pk}.listing.${f}`, l[f], mine ? mine[f] : f === "seller" || f === "paymentToken" ? ZERO : 0);
        const rl = await read<Json>(market, shareMarketAbi, "rentalListing", [id]);
        const rmine = (p.rentalListing as Json | null)?.status === "active" ? (p.rentalListing as Json) : undefined;
        for (const f of ["owner", "version", "expiry", "paymentToken", "minDays", "maxDays", "pricePerDay"])
          eq(`${pk}.rentalListing.${f}`, rl[f], rmine ? rmine[f] : f === "owner" || f === "paymentToken" ? ZERO : 0);
      }
    }
  }

  for (const account of accounts) {
    const a = await getJson<{ balances: Json[]; orderCounter: string }>(`${indexerUrl}/accounts/${account}`);
    for (const token of payoutTokens) {
      const chain = await read(distributor, rewardDistributorAbi, "claimableBalance", [account, token]);
      const mine = a.balances.find((b) => b.token === token)?.settled ?? "0";
      eq(`account ${account}.claimableBalance(${token})`, chain, mine);
    }
    if (market)
      eq(`account ${account}.counter`, await read(market, shareMarketAbi, "counterOf", [account]), a.orderCounter);
  }

  if (market) {
    for (const hash of orderHashes) {
      const o = await read<Json>(market, shareMarketAbi, "orderState", [hash]);
      const mine = await getJson(`${indexerUrl}/signed-orders/${hash}`);
      for (const f of ["filled", "version", "cancelled"]) eq(`order ${hash}.${f}`, o[f], mine[f]);
    }
  }
  return result;
}
