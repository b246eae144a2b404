// RewardDistributor: each rig's stream (RigInitialized, EpochPushed), settled balances (PositionSettled)
// and claims (RewardsClaimed).
import { balance, claim, epoch, position, rig, settlement } from "ponder:schema";
import { decodeFunctionData } from "viem";

import { rewardDistributorAbi } from "../../../sdk/abis.js";
import { book } from "../../book.js";
import { type Db, on } from "../lib/register.js";
import { lower, rigOfPosition } from "../lib/values.js";
import { setParameter } from "./rigShares.js";

const DISTRIBUTOR = lower(book.contracts.RewardDistributor.address);

async function payoutTokenOfRig(db: Db, rigId: bigint): Promise<`0x${string}`> {
  const r = await db.find(rig, { id: rigId });
  if (!r) throw new Error(`unknown rig ${rigId}`);
  return r.payoutToken;
}

on("RewardDistributor:RigInitialized", async ({ event, context }) => {
  const { rigId, firstEpoch } = event.args;
  await context.db
    .update(rig, { id: rigId })
    .set({ firstEpoch, nextEpoch: firstEpoch, updatedBlock: event.block.number });
});

on("RewardDistributor:EpochPushed", async ({ event, context }) => {
  const { rigId, epoch: index, amount, rateX18, periodEnd } = event.args;
  await context.db.update(rig, { id: rigId }).set((r) => ({
    nextEpoch: index + 1n,
    rateX18,
    // The running stream (with any unstreamed rest rolled in) restarts at the push.
    streamStart: event.block.timestamp,
    periodEnd,
    totalFunded: r.totalFunded + amount,
    updatedBlock: event.block.number,
  }));
  const stream = {
    amount,
    rateX18,
    streamStart: event.block.timestamp,
    streamEnd: periodEnd,
    pushedBlock: event.block.number,
    transactionHash: event.transaction.hash,
  };
  await context.db
    .insert(epoch)
    .values({ rigId, epoch: index, consumed: false, unfunded: false, ...stream })
    .onConflictDoUpdate(stream);
});

on("RewardDistributor:PositionSettled", async ({ event, context }) => {
  const { positionId, account, amount } = event.args;
  const token = await payoutTokenOfRig(context.db, rigOfPosition(positionId));
  await context.db.insert(settlement).values({
    id: event.id,
    positionId,
    account: lower(account),
    token,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  await context.db
    .insert(balance)
    .values({
      account: lower(account),
      token,
      settled: amount,
      totalSettled: amount,
      totalClaimed: 0n,
      updatedBlock: event.block.number,
    })
    .onConflictDoUpdate((b) => ({
      settled: b.settled + amount,
      totalSettled: b.totalSettled + amount,
      updatedBlock: event.block.number,
    }));
});

/** Positions a `claim(positionIds)` call settled in `token`, when the transaction called the distributor itself. */
async function claimedPositions(
  db: Db,
  tx: { to: `0x${string}` | null; input: `0x${string}` },
  token: `0x${string}`,
): Promise<bigint[]> {
  if (tx.to === null || lower(tx.to) !== DISTRIBUTOR) return [];
  try {
    const call = decodeFunctionData({ abi: rewardDistributorAbi, data: tx.input });
    if (call.functionName !== "claim") return [];
    const ids: bigint[] = [];
    for (const id of call.args[0]) {
      const p = await db.find(position, { id });
      const r = p && (await db.find(rig, { id: p.rigId }));
      if (r && r.payoutToken === token) ids.push(id);
    }
    return ids;
  } catch {
    return [];
  }
}

on("RewardDistributor:RewardsClaimed", async ({ event, context }) => {
  const { account, token, amount } = event.args;
  const key = { account: lower(account), token: lower(token) };
  // A claim pays the caller its own positions' rewards directly (no PositionSettled for them) plus its
  // whole settled balance, which it zeroes: so the settled balance is 0 after any payment.
  await context.db
    .insert(balance)
    .values({ ...key, settled: 0n, totalSettled: 0n, totalClaimed: amount, updatedBlock: event.block.number })
    .onConflictDoUpdate((b) => ({
      settled: 0n,
      totalClaimed: b.totalClaimed + amount,
      updatedBlock: event.block.number,
    }));
  await context.db.insert(claim).values({
    id: event.id,
    ...key,
    amount,
    positionIds: await claimedPositions(context.db, event.transaction, key.token),
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

on("RewardDistributor:FunderSet", async ({ event, context }) => {
  await setParameter(context.db, "distributor.funder", event.args, event.block.number);
});
on("RewardDistributor:Paused", async ({ event, context }) => {
  await setParameter(context.db, "RewardDistributor.paused", { paused: true, ...event.args }, event.block.number);
});
on("RewardDistributor:Unpaused", async ({ event, context }) => {
  await setParameter(context.db, "RewardDistributor.paused", { paused: false, ...event.args }, event.block.number);
});
