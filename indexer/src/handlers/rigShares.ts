// RigShares: rigs (registration, sale, status), positions (mint, split, merge, transfer, burn), rentals
// (ERC-4907 UpdateUser) and protocol parameters.
import { lineage, parameter, position, rental, rig, transfer } from "ponder:schema";

import { rewardDistributorAbi, rigSharesAbi } from "../../../sdk/abis.js";
import { book } from "../../book.js";
import { type Db, on } from "../lib/register.js";
import { ZERO_ADDRESS, jsonSafe, lower, rigOfPosition } from "../lib/values.js";

/** The distributor's position version is a uint24 bumped (wrapping) on every transfer, split and merge. */
const VERSION_MODULUS = 2 ** 24;
const bump = (version: number) => (version + 1) % VERSION_MODULUS;

export async function setParameter(db: Db, key: string, value: unknown, block: bigint): Promise<void> {
  await db
    .insert(parameter)
    .values({ key, value: jsonSafe(value), updatedBlock: block })
    .onConflictDoUpdate({ value: jsonSafe(value), updatedBlock: block });
}

on("RigShares:RigRegistered", async ({ event, context }) => {
  const { rigId, operator, name, algorithm } = event.args;
  // RigRegistered carries only the operator, name and algorithm: the rest of the terms is read from
  // `rig(rigId)` at this block (Ponder caches the call per block); the per-epoch cap, which RigShares does
  // not keep, from the distributor's `epochTerms(rigId)`.
  const [r, terms] = await Promise.all([
    context.client.readContract({
      abi: rigSharesAbi,
      address: book.contracts.RigShares.address,
      functionName: "rig",
      args: [rigId],
      blockNumber: event.block.number,
    }),
    context.client.readContract({
      abi: rewardDistributorAbi,
      address: book.contracts.RewardDistributor.address,
      functionName: "epochTerms",
      args: [rigId],
      blockNumber: event.block.number,
    }),
  ]);
  await context.db.insert(rig).values({
    id: rigId,
    operator: lower(operator),
    name,
    algorithm,
    // Registration makes a rig active; a later status change in the same block arrives as its own event.
    status: 1,
    saleOpen: false,
    hashrate: r.hashrate,
    powerWatts: r.powerWatts,
    totalShares: r.totalShares,
    pricePerShare: r.pricePerShare,
    paymentToken: lower(r.paymentToken),
    payoutToken: lower(r.payoutToken),
    epochLength: r.epochLength,
    maxEpochPayout: terms[3],
    royaltyBps: r.royaltyBps,
    lastSerial: 0n,
    sharesOutstanding: 0n,
    positionCount: 0,
    registeredBlock: event.block.number,
    registeredAt: event.block.timestamp,
    firstEpoch: 0n,
    nextEpoch: 0n,
    rateX18: 0n,
    streamStart: 0n,
    periodEnd: 0n,
    totalFunded: 0n,
    termsConfigured: false,
    tariffPerKWh: 0n,
    serviceFeeBps: 0,
    slaThresholdBps: 0,
    requiredBond: 0n,
    pendingTariffPerKWh: 0n,
    pendingServiceFeeBps: 0,
    pendingEffectiveAt: 0n,
    bond: 0n,
    withdrawalAmount: 0n,
    withdrawalReadyAt: 0n,
    backupHashrate: 0n,
    onBackup: false,
    feeDebt: 0n,
    negativeRun: 0,
    started: false,
    inDefault: false,
    updatedBlock: event.block.number,
  });
});

on("RigShares:SaleStatusChanged", async ({ event, context }) => {
  await context.db
    .update(rig, { id: event.args.rigId })
    .set({ saleOpen: event.args.open, updatedBlock: event.block.number });
});

on("RigShares:RigStatusChanged", async ({ event, context }) => {
  const status = event.args.status;
  await context.db.update(rig, { id: event.args.rigId }).set({
    status,
    // Retired (2): `retireRig`; a suspension (3) gets its reason from the epoch funder's event.
    ...(status === 2 ? { retiredAt: event.block.timestamp } : {}),
    updatedBlock: event.block.number,
  });
});

on("RigShares:SharesMinted", async ({ event, context }) => {
  const { rigId, positionId, buyer, shares, cost } = event.args;
  await context.db.insert(position).values({
    id: positionId,
    rigId,
    owner: lower(buyer),
    shares,
    version: 0,
    burned: false,
    mintedBy: lower(buyer),
    mintCost: cost,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
    updatedBlock: event.block.number,
  });
  await context.db.update(rig, { id: rigId }).set((r) => ({
    lastSerial: r.lastSerial + 1n,
    sharesOutstanding: r.sharesOutstanding + shares,
    positionCount: r.positionCount + 1,
    updatedBlock: event.block.number,
  }));
});

on("RigShares:PositionSplit", async ({ event, context }) => {
  const { positionId, newPositionId, shares } = event.args;
  const parent = await context.db.update(position, { id: positionId }).set((p) => ({
    shares: p.shares - shares,
    version: bump(p.version),
    updatedBlock: event.block.number,
  }));
  await context.db.insert(position).values({
    id: newPositionId,
    rigId: parent.rigId,
    owner: parent.owner,
    shares,
    version: 0,
    burned: false,
    parentId: positionId,
    mintCost: 0n,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
    updatedBlock: event.block.number,
  });
  await context.db.insert(lineage).values({
    id: event.id,
    kind: "split",
    parentId: positionId,
    childId: newPositionId,
    shares,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await context.db.update(rig, { id: parent.rigId }).set((r) => ({
    lastSerial: r.lastSerial + 1n,
    positionCount: r.positionCount + 1,
    updatedBlock: event.block.number,
  }));
});

on("RigShares:PositionsMerged", async ({ event, context }) => {
  const { keptId, burnedId } = event.args;
  const burned = await context.db.find(position, { id: burnedId });
  if (!burned) throw new Error(`PositionsMerged: unknown position ${burnedId}`);
  // Ponder's store hands out its cached row, which the updates below change in place: copy what is needed.
  const moved = burned.shares;
  await context.db.update(position, { id: keptId }).set((p) => ({
    shares: p.shares + moved,
    version: bump(p.version),
    updatedBlock: event.block.number,
  }));
  // The burned position's shares now live in `keptId`; its Transfer to zero (next) marks it burned.
  await context.db
    .update(position, { id: burnedId })
    .set({ shares: 0n, mergedInto: keptId, updatedBlock: event.block.number });
  await context.db.insert(lineage).values({
    id: event.id,
    kind: "merge",
    parentId: keptId,
    childId: burnedId,
    shares: moved,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
});

on("RigShares:Transfer", async ({ event, context }) => {
  const { from, to, tokenId } = event.args;
  await context.db.insert(transfer).values({
    id: event.id,
    positionId: tokenId,
    from: lower(from),
    to: lower(to),
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  // A mint's position row was written by SharesMinted / PositionSplit just before.
  if (from === ZERO_ADDRESS) return;
  if (to === ZERO_ADDRESS) {
    const p = await context.db.find(position, { id: tokenId });
    if (!p) throw new Error(`Transfer: unknown position ${tokenId}`);
    // Copied before the update, which changes Ponder's cached row `p` in place.
    const { rigId, shares, mergedInto } = p;
    await context.db.update(position, { id: tokenId }).set({
      owner: ZERO_ADDRESS,
      shares: 0n,
      burned: true,
      burnedBlock: event.block.number,
      renter: null,
      rentalExpires: null,
      updatedBlock: event.block.number,
    });
    // A burn returns its shares to the rig's unsold supply (a merge moved them to the kept position).
    if (mergedInto === null) {
      await context.db.update(rig, { id: rigId }).set((r) => ({
        sharesOutstanding: r.sharesOutstanding - shares,
        updatedBlock: event.block.number,
      }));
    }
    return;
  }
  // A transfer to oneself calls no distributor hook and so changes no version.
  await context.db.update(position, { id: tokenId }).set((p) => ({
    owner: lower(to),
    version: from === to ? p.version : bump(p.version),
    updatedBlock: event.block.number,
  }));
});

on("RigShares:UpdateUser", async ({ event, context }) => {
  const { tokenId, user, expires } = event.args;
  const cleared = user === ZERO_ADDRESS;
  const p = await context.db.update(position, { id: tokenId }).set({
    renter: cleared ? null : lower(user),
    rentalExpires: cleared ? null : BigInt(expires),
    updatedBlock: event.block.number,
  });
  if (cleared) return;
  // A market rental wrote its row (with the price) from Rented, earlier in the same transaction.
  await context.db
    .insert(rental)
    .values({
      id: `${event.transaction.hash}:${tokenId}`,
      positionId: tokenId,
      rigId: rigOfPosition(tokenId),
      owner: p.owner,
      renter: lower(user),
      expires: BigInt(expires),
      source: "direct",
      blockNumber: event.block.number,
      startedAt: event.block.timestamp,
    })
    .onConflictDoUpdate({ renter: lower(user), expires: BigInt(expires) });
});

on("RigShares:ProtocolFeeChanged", async ({ event, context }) => {
  await setParameter(context.db, "shares.protocolFee", event.args, event.block.number);
});
on("RigShares:RendererChanged", async ({ event, context }) => {
  await setParameter(context.db, "shares.renderer", event.args, event.block.number);
});
on("RigShares:DistributorSet", async ({ event, context }) => {
  await setParameter(context.db, "shares.distributor", event.args, event.block.number);
});
on("RigShares:Paused", async ({ event, context }) => {
  await setParameter(context.db, "RigShares.paused", { paused: true, ...event.args }, event.block.number);
});
on("RigShares:Unpaused", async ({ event, context }) => {
  await setParameter(context.db, "RigShares.paused", { paused: false, ...event.args }, event.block.number);
});
