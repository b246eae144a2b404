// HashrateOracle: accepted and consumed reports (the epoch's signed report), reporters, network parameters
// and the oracle's configuration.
import { epoch, network, reporter } from "ponder:schema";

import { on } from "../lib/register.js";
import { lower } from "../lib/values.js";
import { setParameter } from "./rigShares.js";

on("HashrateOracle:ReportAccepted", async ({ event, context }) => {
  const { rigId, epoch: index, reportHash, report } = event.args;
  // The reporters' signatures are checked on chain but not emitted: the signers are not indexed.
  const fields = {
    reportHash,
    deliveredHashrate: report.deliveredHashrate,
    uptimeBps: Number(report.uptimeBps),
    grossReward: report.grossReward,
    energyWh: report.energyWh,
    reportedBlock: event.block.number,
  };
  await context.db
    .insert(epoch)
    .values({ rigId, epoch: index, consumed: false, unfunded: false, ...fields })
    .onConflictDoUpdate(fields);
});

on("HashrateOracle:ReportConsumed", async ({ event, context }) => {
  await context.db.update(epoch, { rigId: event.args.rigId, epoch: event.args.epoch }).set({ consumed: true });
});

on("HashrateOracle:ReporterSet", async ({ event, context }) => {
  const { reporter: address, active } = event.args;
  await context.db
    .insert(reporter)
    .values({ address: lower(address), active, updatedBlock: event.block.number })
    .onConflictDoUpdate({ active, updatedBlock: event.block.number });
});

on("HashrateOracle:NetworkSet", async ({ event, context }) => {
  const { payoutToken, network: n } = event.args;
  const fields = {
    difficulty: n.difficulty,
    blockReward: n.blockReward,
    style: n.style,
    updatedBlock: event.block.number,
  };
  await context.db
    .insert(network)
    .values({ payoutToken: lower(payoutToken), ...fields })
    .onConflictDoUpdate(fields);
});

on("HashrateOracle:ThresholdSet", async ({ event, context }) => {
  await setParameter(context.db, "oracle.threshold", event.args, event.block.number);
});
on("HashrateOracle:BoundsSet", async ({ event, context }) => {
  await setParameter(context.db, "oracle.bounds", event.args, event.block.number);
});
on("HashrateOracle:ConsumerSet", async ({ event, context }) => {
  await setParameter(context.db, "oracle.consumer", event.args, event.block.number);
});
