// EpochFunder: a rig's economic terms, bond, backup and failover, fee debt, default and suspension, and
// each epoch's breakdown. Every field of `terms(rigId)` is derived from the events (see EpochSettled for
// the values the funder changes without an event of their own: the SLA refund taken off the bond, the fee
// debt and the negative-epoch run).
import { epoch, network, rig } from "ponder:schema";

import { on } from "../lib/register.js";
import { lower } from "../lib/values.js";

const UINT16_MAX = 65_535;

on("EpochFunder:TermsConfigured", async ({ event, context }) => {
  const { rigId, tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond } = event.args;
  await context.db.update(rig, { id: rigId }).set({
    termsConfigured: true,
    tariffPerKWh,
    serviceFeeBps: Number(serviceFeeBps),
    slaThresholdBps: Number(slaThresholdBps),
    requiredBond,
    updatedBlock: event.block.number,
  });
});

on("EpochFunder:TermsProposed", async ({ event, context }) => {
  const { rigId, tariffPerKWh, serviceFeeBps, effectiveAt } = event.args;
  await context.db.update(rig, { id: rigId }).set({
    pendingTariffPerKWh: tariffPerKWh,
    pendingServiceFeeBps: Number(serviceFeeBps),
    pendingEffectiveAt: effectiveAt,
    updatedBlock: event.block.number,
  });
});

on("EpochFunder:TermsApplied", async ({ event, context }) => {
  const { rigId, tariffPerKWh, serviceFeeBps } = event.args;
  await context.db.update(rig, { id: rigId }).set({
    tariffPerKWh,
    serviceFeeBps: Number(serviceFeeBps),
    pendingTariffPerKWh: 0n,
    pendingServiceFeeBps: 0,
    pendingEffectiveAt: 0n,
    updatedBlock: event.block.number,
  });
});

on("EpochFunder:BondChanged", async ({ event, context }) => {
  const { rigId, delta, bond } = event.args;
  await context.db.update(rig, { id: rigId }).set({
    bond,
    // A negative change is an executed withdrawal, which clears the request.
    ...(delta < 0n ? { withdrawalAmount: 0n, withdrawalReadyAt: 0n } : {}),
    updatedBlock: event.block.number,
  });
});

on("EpochFunder:BondWithdrawalRequested", async ({ event, context }) => {
  const { rigId, amount, readyAt } = event.args;
  await context.db
    .update(rig, { id: rigId })
    .set({ withdrawalAmount: amount, withdrawalReadyAt: readyAt, updatedBlock: event.block.number });
});

on("EpochFunder:BackupDeclared", async ({ event, context }) => {
  await context.db
    .update(rig, { id: event.args.rigId })
    .set({ backupHashrate: event.args.backupHashrate, updatedBlock: event.block.number });
});

on("EpochFunder:FailoverSwitched", async ({ event, context }) => {
  await context.db
    .update(rig, { id: event.args.rigId })
    .set({ onBackup: event.args.onBackup, updatedBlock: event.block.number });
});

on("EpochFunder:RigDefaulted", async ({ event, context }) => {
  await context.db.update(rig, { id: event.args.rigId }).set({ inDefault: true, updatedBlock: event.block.number });
});

on("EpochFunder:DefaultCured", async ({ event, context }) => {
  await context.db.update(rig, { id: event.args.rigId }).set({ inDefault: false, updatedBlock: event.block.number });
});

on("EpochFunder:RigSuspendedForDebt", async ({ event, context }) => {
  await context.db
    .update(rig, { id: event.args.rigId })
    .set({ suspendedFor: "debt", updatedBlock: event.block.number });
});

on("EpochFunder:RigSuspendedForDefault", async ({ event, context }) => {
  await context.db
    .update(rig, { id: event.args.rigId })
    .set({ suspendedFor: "default", updatedBlock: event.block.number });
});

on("EpochFunder:UnfundedEpochPushed", async ({ event, context }) => {
  const { rigId, epoch: index, netOwed, paidFromBond, shortfall } = event.args;
  const fields = { unfunded: true, netOwed, paidFromBond, shortfall };
  await context.db
    .insert(epoch)
    .values({ rigId, epoch: index, consumed: false, ...fields })
    .onConflictDoUpdate(fields);
  // The bond pays the net first (the SLA refund it also pays comes off in EpochSettled, next).
  await context.db
    .update(rig, { id: rigId })
    .set((r) => ({ bond: r.bond - paidFromBond, updatedBlock: event.block.number }));
});

on("EpochFunder:EpochSettled", async ({ event, context }) => {
  const { rigId, epoch: index, breakdown: b } = event.args;
  const fields = {
    gross: b.gross,
    electricity: b.electricity,
    serviceFee: b.serviceFee,
    debtIn: b.debtIn,
    debtOut: b.debtOut,
    slaRefund: b.slaRefund,
    net: b.net,
  };
  await context.db
    .insert(epoch)
    .values({ rigId, epoch: index, consumed: false, unfunded: false, ...fields })
    .onConflictDoUpdate(fields);
  // EpochFunder._push: the refund leaves the bond, the debt carried out becomes the rig's fee debt, and an
  // epoch whose own costs exceed its gross extends the negative run (saturating at 2^16 − 1), others reset it.
  const negative = b.electricity + b.serviceFee > b.gross;
  await context.db.update(rig, { id: rigId }).set((r) => ({
    bond: r.bond - b.slaRefund,
    feeDebt: b.debtOut,
    started: true,
    negativeRun: negative ? Math.min(r.negativeRun + 1, UINT16_MAX) : 0,
    updatedBlock: event.block.number,
  }));
});

on("EpochFunder:MaxTariffSet", async ({ event, context }) => {
  const { payoutToken, maxTariffPerKWh } = event.args;
  await context.db
    .insert(network)
    .values({ payoutToken: lower(payoutToken), maxTariffPerKWh, updatedBlock: event.block.number })
    .onConflictDoUpdate({ maxTariffPerKWh, updatedBlock: event.block.number });
});
