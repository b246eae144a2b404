// Oracle and epoch-funder commands: oracle status, terms show/configure/propose, bond deposit/request/withdraw,
// backup declare/on/off. Epochs themselves are pushed with `epoch push --report` (cli/commands/operator.ts).
// Amounts are in whole payout-token units ("0.003" WBTC), tariffs in payout-token units per kWh.
import { getLastBreakdown } from "../../sdk/actions/getLastBreakdown.js";
import { getOracleStatus } from "../../sdk/actions/getOracleStatus.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigTerms } from "../../sdk/actions/getRigTerms.js";
import { configureRig } from "../../sdk/actions/configureRig.js";
import { declareBackup } from "../../sdk/actions/declareBackup.js";
import { depositBond } from "../../sdk/actions/depositBond.js";
import { proposeTerms } from "../../sdk/actions/proposeTerms.js";
import { requestBondWithdrawal } from "../../sdk/actions/requestBondWithdrawal.js";
import { setOnBackup } from "../../sdk/actions/setOnBackup.js";
import { withdrawBond } from "../../sdk/actions/withdrawBond.js";
import { formatDecimal } from "../../sdk/decimal.js";
import type { EpochBreakdown } from "../../sdk/types.js";
import { parseAmount, parseBps, parseHashrate, parseId, required } from "../args.js";
import { type Command, write } from "../command.js";
import type { Context, TokenMeta } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { amount, details, hashrate, isoTime } from "../format.js";

/** The funder's highest service fee (EpochFunder.MAX_SERVICE_FEE_BPS). */
const MAX_SERVICE_FEE_BPS = 3_000;

async function payoutOf(ctx: Context, rigId: bigint) {
  const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
  return { rig, payout: await ctx.token(rig.payoutToken) };
}

const percent = (bps: bigint) => `${formatDecimal(bps, 2)}%`;

/** The lines of a breakdown, for humans. */
export function breakdownLines(b: EpochBreakdown, t: TokenMeta): [string, string][] {
  const a = (v: bigint) => amount(v, t.decimals, t.symbol);
  return [
    ["gross", a(b.gross)],
    ["electricity", a(b.electricity)],
    ["service fee", a(b.serviceFee)],
    ["fee debt", `${a(b.debtIn)} in, ${a(b.debtOut)} out`],
    ["SLA refund", a(b.slaRefund)],
    ["net", `${a(b.net)} (funded by the operator)`],
  ];
}

export const oracleStatus: Command = {
  path: ["oracle", "status"],
  usage: "<rigId> [--hashrate <delivered, e.g. 190T>]",
  summary: "what the hashrate oracle knows of a rig: next report, staleness, bounds, network, gross cap",
  options: ["hashrate"],
  async run(ctx, [id], o) {
    const rigId = parseId(id, "rig id");
    const delivered = o.hashrate === undefined ? undefined : parseHashrate(o.hashrate as string);
    const s = await getOracleStatus(ctx.client, {
      contracts: ctx.contracts,
      rigId,
      ...(delivered === undefined ? {} : { deliveredHashrate: delivered }),
    });
    const payout = await ctx.token(s.payoutToken);
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    return {
      json: { ...s, payoutSymbol: payout.symbol, payoutDecimals: payout.decimals },
      human: details([
        ["rig", String(rigId)],
        ["oracle", `${s.oracle} (${s.threshold} of ${s.reporterCount} reporter signatures per report)`],
        ["next report", `epoch ${s.nextReportEpoch} (reportable from ${isoTime(s.nextReportableAt)})`],
        ["pending report", s.pendingReport === null ? "none" : `${s.pendingReport} (accepted, waiting to be pushed)`],
        [
          "epochs behind",
          `${s.epochsBehind} (stale after ${s.bounds.staleAfterEpochs}): ${s.isStale ? "STALE" : "up to date"}`,
        ],
        [
          "bounds",
          `delivered ≤ ${percent(s.bounds.toleranceBps)} of nominal, gross ≤ ${percent(s.bounds.luckBps)} of expected`,
        ],
        [
          `network (${payout.symbol})`,
          s.network === null
            ? "not set: no report can pass until the admin sets it"
            : `difficulty ${s.network.difficulty}, block reward ${a(s.network.blockReward)}, ${s.network.style}-style`,
        ],
        [
          "gross cap",
          s.grossCap === null ? "-" : `${a(s.grossCap)} per epoch at ${hashrate(s.deliveredHashrate)} delivered`,
        ],
        ["expected per day", s.expectedDailyRevenue === null ? "-" : a(s.expectedDailyRevenue)],
      ]),
    };
  },
};

export const termsShow: Command = {
  path: ["terms", "show"],
  usage: "<rigId>",
  summary: "a rig's terms at the epoch funder: tariff, fee, SLA, bond, debt, backup, last epoch's breakdown",
  async run(ctx, [id]) {
    const rigId = parseId(id, "rig id");
    const { payout } = await payoutOf(ctx, rigId);
    const [t, last] = await Promise.all([
      getRigTerms(ctx.client, { contracts: ctx.contracts, rigId }),
      getLastBreakdown(ctx.client, { contracts: ctx.contracts, rigId }),
    ]);
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    const condition = [t.inDefault ? "IN DEFAULT" : "", t.onBackup ? "on backup" : "", t.started ? "" : "no epoch yet"]
      .filter(Boolean)
      .join(", ");
    return {
      json: { ...t, lastBreakdown: last, payoutSymbol: payout.symbol, payoutDecimals: payout.decimals },
      human: details([
        ["rig", String(rigId)],
        ["tariff", `${a(t.tariffPerKWh)} per kWh`],
        ["service fee", percent(t.serviceFeeBps)],
        ["SLA", t.slaThresholdBps === 0n ? "none" : `refund below ${percent(t.slaThresholdBps)} of nominal`],
        ["bond", `${a(t.bond)} (required ${a(t.requiredBond)}, withdrawable ${a(t.withdrawable)})`],
        ["fee debt", `${a(t.feeDebt)}${t.negativeRun > 0n ? ` (${t.negativeRun} negative epochs in a row)` : ""}`],
        ["backup", t.backupHashrate === 0n ? "none declared" : `${hashrate(t.backupHashrate)} declared`],
        ["condition", condition || "normal"],
        [
          "proposed terms",
          t.pending === null
            ? "none"
            : `${a(t.pending.tariffPerKWh)} per kWh, ${percent(t.pending.serviceFeeBps)} fee, for epochs from ${isoTime(t.pending.effectiveAt)}`,
        ],
        [
          "bond withdrawal",
          t.withdrawal === null ? "none requested" : `${a(t.withdrawal.amount)} from ${isoTime(t.withdrawal.readyAt)}`,
        ],
        ...(last === null
          ? ([["last epoch", "none pushed through the funder yet"]] as [string, string][])
          : ([["last epoch", String(last.epoch)], ...breakdownLines(last, payout)] as [string, string][])),
      ]),
    };
  },
};

function parseTerms(o: Record<string, string | boolean | undefined>, payout: TokenMeta) {
  const tariffPerKWh = parseAmount(o.tariff as string | undefined, payout.decimals, "--tariff");
  const serviceFeeBps = BigInt(parseBps(o["fee-bps"] as string | undefined, "--fee-bps", MAX_SERVICE_FEE_BPS));
  return { tariffPerKWh, serviceFeeBps };
}

export const termsConfigure: Command = {
  path: ["terms", "configure"],
  usage:
    "<rigId> --tariff <payout token per kWh> --fee-bps <≤3000> [--sla-bps <0 | 5000-10000>] [--required-bond <amount>]",
  summary: "set a rig's initial terms at the epoch funder (operator, before its first epoch)",
  options: ["tariff", "fee-bps", "sla-bps", "required-bond"],
  async run(ctx, [id], o) {
    const rigId = parseId(id, "rig id");
    required(o.tariff as string | undefined, "--tariff");
    required(o["fee-bps"] as string | undefined, "--fee-bps");
    const slaThresholdBps = o["sla-bps"] === undefined ? 0n : BigInt(parseBps(o["sla-bps"] as string, "--sla-bps"));
    if (slaThresholdBps !== 0n && slaThresholdBps < 5_000n)
      throw new UsageError("--sla-bps must be 0 (no SLA) or between 5000 and 10000");
    const wallet = await ctx.wallet();
    const { payout } = await payoutOf(ctx, rigId);
    const { tariffPerKWh, serviceFeeBps } = parseTerms(o, payout);
    const requiredBond =
      o["required-bond"] === undefined
        ? 0n
        : parseAmount(o["required-bond"] as string, payout.decimals, "--required-bond");
    const result = await write(ctx, { question: `Configure the terms of rig ${rigId}?`, valueMoving: false }, (hooks) =>
      configureRig(wallet, {
        contracts: ctx.contracts,
        rigId,
        tariffPerKWh,
        serviceFeeBps,
        slaThresholdBps,
        requiredBond,
        ...hooks,
      }),
    );
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    return {
      json: { hash: result.hash, rigId, tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond },
      human: `configured rig ${rigId}: tariff ${a(tariffPerKWh)} per kWh, fee ${percent(serviceFeeBps)}, SLA ${slaThresholdBps === 0n ? "none" : percent(slaThresholdBps)}, required bond ${a(requiredBond)} (tx ${result.hash})`,
    };
  },
};

export const termsPropose: Command = {
  path: ["terms", "propose"],
  usage: "<rigId> --tariff <payout token per kWh> --fee-bps <≤3000>",
  summary: "propose a new tariff and service fee (operator); they apply after the funder's two-day delay",
  options: ["tariff", "fee-bps"],
  async run(ctx, [id], o) {
    const rigId = parseId(id, "rig id");
    required(o.tariff as string | undefined, "--tariff");
    required(o["fee-bps"] as string | undefined, "--fee-bps");
    const wallet = await ctx.wallet();
    const { payout } = await payoutOf(ctx, rigId);
    const { tariffPerKWh, serviceFeeBps } = parseTerms(o, payout);
    const result = await write(ctx, { question: `Propose new terms for rig ${rigId}?`, valueMoving: false }, (hooks) =>
      proposeTerms(wallet, { contracts: ctx.contracts, rigId, tariffPerKWh, serviceFeeBps, ...hooks }),
    );
    return {
      json: { hash: result.hash, rigId, tariffPerKWh, serviceFeeBps, effectiveAt: result.effectiveAt },
      human: `proposed for rig ${rigId}: tariff ${amount(tariffPerKWh, payout.decimals, payout.symbol)} per kWh, fee ${percent(serviceFeeBps)}, for epochs starting from ${isoTime(result.effectiveAt)} (tx ${result.hash})`,
    };
  },
};

export const bondDeposit: Command = {
  path: ["bond", "deposit"],
  usage: "<rigId> <amount> [--no-approve]",
  summary: "add payout tokens to a rig's SLA bond (approves the funder when needed)",
  options: ["no-approve"],
  async run(ctx, [id, amountText], o) {
    const rigId = parseId(id, "rig id");
    required(amountText, "amount");
    const wallet = await ctx.wallet();
    const { payout } = await payoutOf(ctx, rigId);
    const value = parseAmount(amountText, payout.decimals, "amount");
    if (value === 0n) throw new UsageError("amount must be positive");
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    const result = await write(
      ctx,
      { question: `Deposit ${a(value)} into the SLA bond of rig ${rigId}?`, valueMoving: true },
      (hooks) =>
        depositBond(wallet, {
          contracts: ctx.contracts,
          rigId,
          amount: value,
          approve: o["no-approve"] ? false : "exact",
          ...hooks,
        }),
    );
    return {
      json: { hash: result.hash, rigId, amount: value, bond: result.bond, approvalHash: result.approvalHash },
      human: `deposited ${a(value)} into the bond of rig ${rigId}: the bond is now ${a(result.bond)} (tx ${result.hash})`,
    };
  },
};

export const bondRequest: Command = {
  path: ["bond", "request"],
  usage: "<rigId> <amount>",
  summary: "ask to withdraw bond above the required minimum (operator); executable after seven days",
  async run(ctx, [id, amountText]) {
    const rigId = parseId(id, "rig id");
    required(amountText, "amount");
    const wallet = await ctx.wallet();
    const { payout } = await payoutOf(ctx, rigId);
    const value = parseAmount(amountText, payout.decimals, "amount");
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    const terms = await getRigTerms(ctx.client, { contracts: ctx.contracts, rigId });
    if (value === 0n || value > terms.withdrawable)
      throw new CliError(
        `insufficient bond: rig ${rigId} holds ${a(terms.bond)} with ${a(terms.requiredBond)} required, so at most ${a(terms.withdrawable)} can be withdrawn, not ${a(value)}`,
      );
    const result = await write(
      ctx,
      { question: `Request a withdrawal of ${a(value)} from the bond of rig ${rigId}?`, valueMoving: false },
      (hooks) => requestBondWithdrawal(wallet, { contracts: ctx.contracts, rigId, amount: value, ...hooks }),
    );
    return {
      json: { hash: result.hash, rigId, amount: result.amount, readyAt: result.readyAt },
      human: `requested ${a(result.amount)} from the bond of rig ${rigId}: \`rigshare bond withdraw ${rigId}\` from ${isoTime(result.readyAt)} (tx ${result.hash})`,
    };
  },
};

export const bondWithdraw: Command = {
  path: ["bond", "withdraw"],
  usage: "<rigId>",
  summary: "execute a requested bond withdrawal once it is ready (operator)",
  async run(ctx, [id, extra]) {
    const rigId = parseId(id, "rig id");
    if (extra !== undefined)
      throw new UsageError(
        "bond withdraw takes no amount: it executes the withdrawal requested with `bond request <rigId> <amount>`",
      );
    const wallet = await ctx.wallet();
    const { payout } = await payoutOf(ctx, rigId);
    const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    const terms = await getRigTerms(ctx.client, { contracts: ctx.contracts, rigId });
    const due = terms.withdrawal
      ? terms.withdrawal.amount < terms.withdrawable
        ? terms.withdrawal.amount
        : terms.withdrawable
      : 0n;
    const result = await write(
      ctx,
      { question: `Withdraw ${a(due)} from the bond of rig ${rigId}?`, valueMoving: true },
      (hooks) => withdrawBond(wallet, { contracts: ctx.contracts, rigId, ...hooks }),
    );
    return {
      json: { hash: result.hash, rigId, amount: result.amount, bond: result.bond },
      human: `withdrew ${a(result.amount)} from the bond of rig ${rigId}: ${a(result.bond)} left (tx ${result.hash})`,
    };
  },
};

export const backupDeclare: Command = {
  path: ["backup", "declare"],
  usage: "<rigId> <hashrate, e.g. 200T; 0 withdraws it>",
  summary: "declare a rig's backup capacity (operator)",
  async run(ctx, [id, rateText]) {
    const rigId = parseId(id, "rig id");
    const text = required(rateText, "backup hashrate");
    const rate = text === "0" ? 0n : parseHashrate(text);
    const wallet = await ctx.wallet();
    const result = await write(
      ctx,
      { question: `Declare ${hashrate(rate)} of backup capacity for rig ${rigId}?`, valueMoving: false },
      (hooks) => declareBackup(wallet, { contracts: ctx.contracts, rigId, backupHashrate: rate, ...hooks }),
    );
    return {
      json: { hash: result.hash, rigId, backupHashrate: rate },
      human: `rig ${rigId} declares ${hashrate(rate)} of backup capacity (tx ${result.hash})`,
    };
  },
};

function backupSwitch(on: boolean): Command {
  return {
    path: ["backup", on ? "on" : "off"],
    usage: "<rigId>",
    summary: on
      ? "record that a rig switched to its backup capacity (operator)"
      : "record that a rig is back on its own hardware (operator)",
    async run(ctx, [id]) {
      const rigId = parseId(id, "rig id");
      const wallet = await ctx.wallet();
      const result = await write(
        ctx,
        { question: `Switch rig ${rigId} ${on ? "to its backup" : "back from its backup"}?`, valueMoving: false },
        (hooks) => setOnBackup(wallet, { contracts: ctx.contracts, rigId, onBackup: on, ...hooks }),
      );
      return {
        json: { hash: result.hash, rigId, onBackup: on },
        human: `rig ${rigId} is ${on ? "on its backup" : "back on its own hardware"} (tx ${result.hash})`,
      };
    },
  };
}
export const backupOn = backupSwitch(true);
export const backupOff = backupSwitch(false);
