// getAccountHistory: what an account earned and was paid, per position, for the CSV export (sdk/export.ts).
//
// Exact, from the distributor's events:
// - `settled`: a PositionSettled credit of a position's rewards to the account's claimable balance (on a
//   transfer, split, merge, burn, rental change, or someone else's claim of the position);
// - `claimDirect`: the part of a RewardsClaimed payment that came straight from the positions the claim
//   settled (the contract pays the caller's own part without a PositionSettled): the payment less the
//   settled balance it also paid out (the running sum of PositionSettled credits since the last payment).
//   Attributed to the claim's position when it settled one of that token; with several, to all of them
//   (the chain emits no per-position amount for them);
// - `claim`: a RewardsClaimed payment (the token transfer out of the distributor to the account).
// So Σ credited (settled + claimDirect) = Σ claimed + claimableBalance, and Σ claimed = the tokens the
// distributor transferred to the account, to the base unit.
//
// Informational, pro-rata: `epoch` rows — each epoch of a rig pushed while the account held a position of
// it, with the rig's breakdown (EpochSettled) scaled by the position's shares over the rig's shares
// outstanding at the push block, rounded down like the contract (⌊column × shares / rigShares⌋). The
// epoch's stream runs one epoch length after the push and shares can change meanwhile, so these parts do
// not sum to the credits exactly. Shares are read at the push block (historical eth_call: an archive
// node on a public chain).
//
// Sources: the indexer's /accounts/:address/history and /rigs/:id/epochs up to its indexed block, then a
// log scan of the blocks after it (getEpochHistory's pattern); without an indexer, the scan from the
// deployment block.
import { type Address, type Hex, decodeFunctionData, getAddress, parseAbiItem } from "viem";
import { getBlock, getBlockNumber, getLogs, getTransaction, readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { type IndexerClient, indexerGet, readIndexed } from "../indexer.js";
import { read } from "../internal/send.js";
import { decodePositionId } from "../positionId.js";
import type { ContractsParameter, EpochBreakdown, ReadClient } from "../types.js";

const positionSettledEvent = parseAbiItem(
  "event PositionSettled(uint256 indexed positionId, address indexed account, uint256 amount)",
);
const rewardsClaimedEvent = parseAbiItem(
  "event RewardsClaimed(address indexed account, address indexed token, uint256 amount)",
);
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)");
const epochPushedEvent = parseAbiItem(
  "event EpochPushed(uint256 indexed rigId, uint256 indexed epoch, uint256 amount, uint256 rateX18, uint256 periodEnd)",
);
const epochSettledEvent = parseAbiItem(
  "event EpochSettled(uint256 indexed rigId, uint256 indexed epoch, (uint64 epoch, uint96 gross, uint96 electricity, uint96 serviceFee, uint96 debtIn, uint96 debtOut, uint96 slaRefund, uint96 net) breakdown)",
);

export type GetAccountHistoryParameters = ContractsParameter & {
  account: Address;
  /** Only this position's rows (claims that settled it, its credits and epochs). */
  positionId?: bigint;
  /** Take what the indexer has up to its indexed block; scan only the blocks after. */
  indexer?: IndexerClient;
  /** Largest block range per eth_getLogs request. Default 10,000. */
  maxBlockRange?: bigint;
};

type Base = { blockNumber: bigint; timestamp: bigint; transactionHash: Hex; token: Address };
export type HistoryEntry =
  | (Base & { kind: "settled"; positionId: bigint; rigId: bigint; amount: bigint })
  | (Base & { kind: "claimDirect"; positionIds: bigint[]; amount: bigint })
  | (Base & { kind: "claim"; positionIds: bigint[]; amount: bigint })
  | (Base & {
      kind: "epoch";
      positionId: bigint;
      rigId: bigint;
      epoch: bigint;
      /** The position's shares and the rig's shares outstanding at the push block. */
      shares: bigint;
      rigShares: bigint;
      /** The rig's whole breakdown (EpochSettled; for an epoch pushed without the funder, gross = net = amount). */
      breakdown: EpochBreakdown;
      /** Its pro-rata part, ⌊column × shares / rigShares⌋. */
      part: EpochBreakdown;
    });

export type GetAccountHistoryReturnType = {
  account: Address;
  /** Block the history was read up to (the head when the read began). */
  blockNumber: bigint;
  /** In chain order (epoch rows at their push). */
  entries: HistoryEntry[];
  /** Per payout token: Σ credited (settled + claimDirect) and Σ claimed, exact. */
  totals: { token: Address; credited: bigint; claimed: bigint }[];
};

type RawSettlement = { positionId: bigint; amount: bigint; order: string } & Omit<Base, "token">;
type RawClaim = { token: Address; amount: bigint; positionIds: bigint[] | undefined; order: string } & Omit<
  Base,
  "token"
>;
type RawTransfer = { positionId: bigint; from: Address; to: Address; blockNumber: bigint; order: string };
type RawEpoch = {
  epoch: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
  amount: bigint;
  breakdown?: EpochBreakdown;
};

const rigOfPosition = (positionId: bigint) => decodePositionId(positionId).rigId;
const pad = (n: bigint | number, width = 12) => n.toString().padStart(width, "0");
/** A sort key in chain order: block, then the position in it (log index, or the indexer's checkpoint id). */
const orderOf = (blockNumber: bigint, within: string) => `${pad(blockNumber)}:${within}`;

async function scan<T>(
  from: bigint,
  to: bigint,
  step: bigint,
  run: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let start = from; start <= to; start += step) {
    const end = start + step - 1n < to ? start + step - 1n : to;
    out.push(...(await read(() => run(start, end))));
  }
  return out;
}

type IndexedHistory = {
  settlements: {
    id: string;
    positionId: string;
    amount: string;
    blockNumber: string;
    timestamp: string;
    transactionHash: Hex;
  }[];
  claims: {
    id: string;
    token: Address;
    amount: string;
    positionIds: string[];
    blockNumber: string;
    timestamp: string;
    transactionHash: Hex;
  }[];
  transfers: { id: string; positionId: string; from: Address; to: Address; blockNumber: string }[];
};

export async function getAccountHistory(
  client: ReadClient,
  { contracts, account: accountIn, positionId, indexer, maxBlockRange = 10_000n }: GetAccountHistoryParameters,
): Promise<GetAccountHistoryReturnType> {
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const account = getAddress(accountIn);
  const head = await getBlockNumber(client, { cacheTime: 0 });
  let floor = contracts.deploymentBlock ?? 0n;
  const floor0 = floor;
  const settlements: RawSettlement[] = [];
  const claims: RawClaim[] = [];
  const transfers: RawTransfer[] = [];

  let indexedBlock: bigint | undefined;
  if (indexer !== undefined) {
    const answer = await readIndexed(indexer, floor, head, () =>
      indexerGet<IndexedHistory>(indexer, `/accounts/${account}/history`),
    );
    if (answer) {
      indexedBlock = answer.indexedBlock;
      const upTo = <R extends { blockNumber: string }>(rows: R[]) =>
        rows.filter((r) => BigInt(r.blockNumber) <= answer.indexedBlock);
      for (const s of upTo(answer.value.settlements))
        settlements.push({
          positionId: BigInt(s.positionId),
          amount: BigInt(s.amount),
          blockNumber: BigInt(s.blockNumber),
          timestamp: BigInt(s.timestamp),
          transactionHash: s.transactionHash,
          order: orderOf(BigInt(s.blockNumber), s.id),
        });
      for (const c of upTo(answer.value.claims))
        claims.push({
          token: getAddress(c.token),
          amount: BigInt(c.amount),
          positionIds: c.positionIds.map(BigInt),
          blockNumber: BigInt(c.blockNumber),
          timestamp: BigInt(c.timestamp),
          transactionHash: c.transactionHash,
          order: orderOf(BigInt(c.blockNumber), c.id),
        });
      for (const t of upTo(answer.value.transfers))
        transfers.push({
          positionId: BigInt(t.positionId),
          from: getAddress(t.from),
          to: getAddress(t.to),
          blockNumber: BigInt(t.blockNumber),
          order: orderOf(BigInt(t.blockNumber), t.id),
        });
      floor = answer.indexedBlock + 1n;
    }
  }

  // The blocks the indexer has not covered: the distributor's and the share token's logs naming the account.
  if (floor <= head) {
    const logsOf = (fromBlock: bigint, toBlock: bigint) =>
      Promise.all([
        getLogs(client, {
          address: contracts.distributor,
          event: positionSettledEvent,
          args: { account },
          fromBlock,
          toBlock,
          strict: true,
        }),
        getLogs(client, {
          address: contracts.distributor,
          event: rewardsClaimedEvent,
          args: { account },
          fromBlock,
          toBlock,
          strict: true,
        }),
        getLogs(client, {
          address: contracts.rigShares,
          event: transferEvent,
          args: { from: account },
          fromBlock,
          toBlock,
          strict: true,
        }),
        getLogs(client, {
          address: contracts.rigShares,
          event: transferEvent,
          args: { to: account },
          fromBlock,
          toBlock,
          strict: true,
        }),
      ]);
    const chunks = await scan(floor, head, maxBlockRange, async (a, b) => [await logsOf(a, b)]);
    const times = new Map<bigint, bigint>();
    const timeOf = async (blockNumber: bigint) => {
      let t = times.get(blockNumber);
      if (t === undefined) {
        t = (await read(() => getBlock(client, { blockNumber }))).timestamp;
        times.set(blockNumber, t);
      }
      return t;
    };
    for (const [settled, paid, sent, received] of chunks) {
      for (const l of settled)
        settlements.push({
          positionId: l.args.positionId,
          amount: l.args.amount,
          blockNumber: l.blockNumber,
          timestamp: await timeOf(l.blockNumber),
          transactionHash: l.transactionHash,
          order: orderOf(l.blockNumber, pad(l.logIndex, 8)),
        });
      for (const l of paid)
        claims.push({
          token: getAddress(l.args.token),
          amount: l.args.amount,
          positionIds: undefined,
          blockNumber: l.blockNumber,
          timestamp: await timeOf(l.blockNumber),
          transactionHash: l.transactionHash,
          order: orderOf(l.blockNumber, pad(l.logIndex, 8)),
        });
      const seen = new Set<string>();
      for (const l of [...sent, ...received]) {
        const key = `${l.transactionHash}:${l.logIndex}`;
        if (seen.has(key)) continue; // a transfer to oneself is in both
        seen.add(key);
        transfers.push({
          positionId: l.args.tokenId,
          from: getAddress(l.args.from),
          to: getAddress(l.args.to),
          blockNumber: l.blockNumber,
          order: orderOf(l.blockNumber, pad(l.logIndex, 8)),
        });
      }
    }
    // The positions a claim settled: its calldata, when the transaction called the distributor (as the indexer).
    for (const c of claims) {
      if (c.positionIds !== undefined) continue;
      const tx = await read(() => getTransaction(client, { hash: c.transactionHash }));
      c.positionIds = [];
      if (tx.to && getAddress(tx.to) === getAddress(contracts.distributor)) {
        try {
          const call = decodeFunctionData({ abi: rewardDistributorAbi, data: tx.input });
          if (call.functionName === "claim") c.positionIds = [...(call.args[0] as readonly bigint[])];
        } catch {
          // not a distributor call we know: no positions
        }
      }
    }
  }

  // Payout token and epoch length of every rig met.
  const rigIds = new Set<bigint>();
  for (const s of settlements) rigIds.add(rigOfPosition(s.positionId));
  for (const t of transfers) rigIds.add(rigOfPosition(t.positionId));
  for (const c of claims) for (const id of c.positionIds ?? []) rigIds.add(rigOfPosition(id));
  const rigToken = new Map<bigint, Address>();
  await Promise.all(
    [...rigIds].map(async (rigId) => {
      const [token] = await read(() =>
        readContract(client, {
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "epochTerms",
          args: [rigId],
        }),
      );
      rigToken.set(rigId, getAddress(token));
    }),
  );

  // Exact credits and payments, walked in chain order per token.
  type Walk = { order: string; settlement?: RawSettlement; claim?: RawClaim };
  const walk: Walk[] = [
    ...settlements.map((s) => ({ order: s.order, settlement: s })),
    ...claims.map((c) => ({ order: c.order, claim: c })),
  ].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const balance = new Map<Address, bigint>();
  const entries: (HistoryEntry & { order: string })[] = [];
  const totals = new Map<Address, { credited: bigint; claimed: bigint }>();
  const total = (token: Address) => {
    let t = totals.get(token);
    if (!t) totals.set(token, (t = { credited: 0n, claimed: 0n }));
    return t;
  };
  for (const w of walk) {
    if (w.settlement) {
      const s = w.settlement;
      const rigId = rigOfPosition(s.positionId);
      const token = rigToken.get(rigId)!;
      balance.set(token, (balance.get(token) ?? 0n) + s.amount);
      total(token).credited += s.amount;
      entries.push({ kind: "settled", rigId, token, ...s });
    } else if (w.claim) {
      const c = w.claim;
      const direct = c.amount - (balance.get(c.token) ?? 0n);
      balance.set(c.token, 0n);
      const ids = (c.positionIds ?? []).filter((id) => rigToken.get(rigOfPosition(id)) === c.token);
      const base = {
        blockNumber: c.blockNumber,
        timestamp: c.timestamp,
        transactionHash: c.transactionHash,
        token: c.token,
      };
      if (direct > 0n) {
        total(c.token).credited += direct;
        entries.push({ kind: "claimDirect", ...base, positionIds: ids, amount: direct, order: `${c.order}:0` });
      }
      total(c.token).claimed += c.amount;
      entries.push({ kind: "claim", ...base, positionIds: ids, amount: c.amount, order: `${c.order}:1` });
    }
  }

  // Holding intervals [acquired, released) per position, from its transfers in chain order.
  transfers.sort((a, b) => (a.order < b.order ? -1 : 1));
  const held = new Map<bigint, { from: bigint; to: bigint | undefined }[]>();
  for (const t of transfers) {
    const spans = held.get(t.positionId) ?? [];
    if (t.to === account && t.from !== account) spans.push({ from: t.blockNumber, to: undefined });
    else if (t.from === account && t.to !== account) {
      const open = spans.at(-1);
      if (open && open.to === undefined) open.to = t.blockNumber;
    }
    held.set(t.positionId, spans);
  }

  // Informational epoch rows: each epoch pushed (from the first holding on) while the account held a position.
  const positionsOfRig = new Map<bigint, bigint[]>();
  for (const id of held.keys()) {
    if (positionId !== undefined && id !== positionId) continue;
    const rigId = rigOfPosition(id);
    positionsOfRig.set(rigId, [...(positionsOfRig.get(rigId) ?? []), id]);
  }
  for (const [rigId, ids] of positionsOfRig) {
    const start = ids.reduce((m, id) => {
      const first = held.get(id)![0]?.from ?? head;
      return first < m ? first : m;
    }, head);
    const epochs = await rigEpochs(
      client,
      contracts,
      rigId,
      start > floor0 ? start : floor0,
      head,
      maxBlockRange,
      indexer,
      indexedBlock,
    );
    for (const e of epochs) {
      for (const id of ids) {
        const holding = held
          .get(id)!
          .some((h) => h.from <= e.blockNumber && (h.to === undefined || e.blockNumber < h.to));
        if (!holding) continue;
        const [shares, stream] = await read(() =>
          Promise.all([
            readContract(client, {
              address: contracts.distributor,
              abi: rewardDistributorAbi,
              functionName: "sharesOf",
              args: [id],
              blockNumber: e.blockNumber,
            }),
            readContract(client, {
              address: contracts.distributor,
              abi: rewardDistributorAbi,
              functionName: "rigStream",
              args: [rigId],
              blockNumber: e.blockNumber,
            }),
          ]),
        );
        const rigShares = BigInt(stream.totalShares);
        if (shares === 0n || rigShares === 0n) continue;
        const breakdown: EpochBreakdown = e.breakdown ?? {
          epoch: e.epoch,
          gross: e.amount,
          electricity: 0n,
          serviceFee: 0n,
          debtIn: 0n,
          debtOut: 0n,
          slaRefund: 0n,
          net: e.amount,
        };
        const part = (v: bigint) => (v * shares) / rigShares;
        entries.push({
          kind: "epoch",
          positionId: id,
          rigId,
          epoch: e.epoch,
          shares,
          rigShares,
          breakdown,
          part: {
            epoch: e.epoch,
            gross: part(breakdown.gross),
            electricity: part(breakdown.electricity),
            serviceFee: part(breakdown.serviceFee),
            debtIn: part(breakdown.debtIn),
            debtOut: part(breakdown.debtOut),
            slaRefund: part(breakdown.slaRefund),
            net: part(breakdown.net),
          },
          blockNumber: e.blockNumber,
          timestamp: e.timestamp,
          transactionHash: e.transactionHash,
          token: rigToken.get(rigId)!,
          order: orderOf(e.blockNumber, `~${pad(e.epoch)}:${pad(id, 20)}`),
        });
      }
    }
  }

  const filtered =
    positionId === undefined
      ? entries
      : entries.filter((e) =>
          e.kind === "settled" || e.kind === "epoch" ? e.positionId === positionId : e.positionIds.includes(positionId),
        );
  filtered.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  return {
    account,
    blockNumber: head,
    entries: filtered.map(({ order: _order, ...e }) => e as HistoryEntry),
    totals: [...totals].map(([token, t]) => ({ token, ...t })),
  };
}

/** A rig's pushed epochs in [from, head], with their breakdowns: the indexer's up to its block, then logs. */
async function rigEpochs(
  client: ReadClient,
  contracts: GetAccountHistoryParameters["contracts"],
  rigId: bigint,
  from: bigint,
  head: bigint,
  step: bigint,
  indexer: IndexerClient | undefined,
  indexedBlock: bigint | undefined,
): Promise<RawEpoch[]> {
  const out: RawEpoch[] = [];
  let floor = from;
  if (indexer !== undefined && indexedBlock !== undefined && indexedBlock >= from) {
    for (let offset = 0; ; offset += 1_000) {
      const { items } = await indexerGet<{ items: Record<string, string | null>[] }>(indexer, `/rigs/${rigId}/epochs`, {
        limit: 1_000,
        offset,
      });
      for (const r of items) {
        if (r.pushedBlock == null || BigInt(r.pushedBlock) < from || BigInt(r.pushedBlock) > indexedBlock) continue;
        const big = (v: string | null | undefined) => BigInt(v ?? 0);
        out.push({
          epoch: big(r.epoch),
          blockNumber: big(r.pushedBlock),
          timestamp: big(r.streamStart),
          transactionHash: r.transactionHash as Hex,
          amount: big(r.amount),
          breakdown:
            r.gross == null
              ? undefined
              : {
                  epoch: big(r.epoch),
                  gross: big(r.gross),
                  electricity: big(r.electricity),
                  serviceFee: big(r.serviceFee),
                  debtIn: big(r.debtIn),
                  debtOut: big(r.debtOut),
                  slaRefund: big(r.slaRefund),
                  net: big(r.net),
                },
        });
      }
      if (items.length < 1_000) break;
    }
    floor = indexedBlock + 1n;
  }
  if (floor <= head) {
    const pushed = await scan(floor, head, step, (fromBlock, toBlock) =>
      getLogs(client, {
        address: contracts.distributor,
        event: epochPushedEvent,
        args: { rigId },
        fromBlock,
        toBlock,
        strict: true,
      }),
    );
    const settled = contracts.funder
      ? await scan(floor, head, step, (fromBlock, toBlock) =>
          getLogs(client, {
            address: contracts.funder!,
            event: epochSettledEvent,
            args: { rigId },
            fromBlock,
            toBlock,
            strict: true,
          }),
        )
      : [];
    const breakdowns = new Map(settled.map((l) => [l.args.epoch, l.args.breakdown]));
    for (const l of pushed) {
      const b = breakdowns.get(l.args.epoch);
      out.push({
        epoch: l.args.epoch,
        blockNumber: l.blockNumber,
        timestamp: (await read(() => getBlock(client, { blockNumber: l.blockNumber }))).timestamp,
        transactionHash: l.transactionHash,
        amount: l.args.amount,
        breakdown: b && {
          epoch: BigInt(b.epoch),
          gross: b.gross,
          electricity: b.electricity,
          serviceFee: b.serviceFee,
          debtIn: b.debtIn,
          debtOut: b.debtOut,
          slaRefund: b.slaRefund,
          net: b.net,
        },
      });
    }
  }
  return out;
}
