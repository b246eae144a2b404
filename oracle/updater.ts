// The relayer's work for one rig, derived from chain state every time (no local state file):
//   1. read the rig's next epoch and pending report at the latest block;
//   2. a pending (accepted, unpushed) report → push exactly it with pushEpoch (found by recomputing it or
//      in the ReportAccepted logs); never re-signed, never replaced;
//   3. else, if epoch `next` has ended (+ settle delay): build its report, collect k signatures, check the
//      operator can fund the net, and pushEpochWithReport (or submitReport, then pushEpoch); if someone
//      relayed that very report first (it is public once sent), it is pushed with pushEpoch at once;
//   4. repeat until the next epoch has not ended. A kill at any point resumes at step 1: the chain alone
//      says what is done, and the contracts reject a second push or a skipped epoch anyway.
import {
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  decodeEventLog,
  getAddress,
  maxUint256,
} from "viem";

import { epochFunderAbi, erc20Abi, hashrateOracleAbi } from "./abi.js";
import type { ReportBuilder } from "./builder.js";
import { type Deployment, ZERO_HASH, readRigState } from "./chain.js";
import type { OracleFileConfig, RigConfig } from "./config.js";
import { crashPoint } from "./crash.js";
import { type OracleDomain, reportStructHash } from "./eip712.js";
import { ContractRevertError, FundingError, NonceConflictError, OracleError, oneLine } from "./errors.js";
import type { Logger } from "./log.js";
import type { EpochReport } from "./report.js";
import type { SendRequest, TxSender } from "./sender.js";
import { type SignatureSource, collectSignatures } from "./signers.js";

/**
 * Reverts that mean "the chain moved under us" (another relayer/keeper acted): re-derive and go on.
 * OracleReportPending is one only when the pending report is not ours (see sendSubmission).
 */
const RACES = new Set([
  "OracleEpochOutOfOrder",
  "OracleReportPending",
  "OracleReportNotAccepted",
  "DistributorEpochOutOfOrder",
  "OracleEpochNotEnded",
  "DistributorEpochNotEnded",
]);
const MAX_RACES = 3;

export type UpdaterContext = {
  client: PublicClient;
  deployment: Deployment;
  config: OracleFileConfig;
  builder: ReportBuilder;
  domain: OracleDomain;
  sources: readonly SignatureSource[];
  /** Absent in a dry run without a key. */
  sender?: TxSender;
  dryRun: boolean;
  log: Logger;
  signal?: AbortSignal;
};

export type RigOutcome = {
  /** Epochs pushed in this call. */
  pushed: bigint[];
  /** Why the call stopped. */
  state: "up-to-date" | "dry-run" | "stopped";
  /** The rig's next epoch as last read (undefined if stopped before reading). */
  nextEpoch?: bigint;
};

export async function processRig(ctx: UpdaterContext, rig: RigConfig): Promise<RigOutcome> {
  const log = ctx.log.child({ rigId: rig.rigId });
  const pushed: bigint[] = [];
  let races = 0;
  const reporterCache = new Map<Address, boolean>();
  const isReporter = async (a: Address) => {
    if (!reporterCache.has(a)) {
      reporterCache.set(
        a,
        await ctx.client.readContract({
          address: ctx.deployment.oracle,
          abi: hashrateOracleAbi,
          functionName: "isReporter",
          args: [a],
        }),
      );
    }
    return reporterCache.get(a)!;
  };

  for (;;) {
    if (ctx.signal?.aborted) return { pushed, state: "stopped" };
    const s = await readRigState(ctx.client, ctx.deployment, rig.rigId);
    const epoch = s.nextEpoch;
    try {
      if (s.pending !== ZERO_HASH) {
        // Accepted but not pushed (a crash between submit and push, or another relayer): push that report.
        const report = await findAcceptedReport(ctx, rig.rigId, epoch, s.pending, s.blockNumber);
        log.info("pending-report", { epoch, reportHash: s.pending });
        await ensureFunding(ctx, report, log);
        if (ctx.dryRun) {
          log.info("dry-run", { epoch, would: "pushEpoch", report });
          return { pushed, state: "dry-run", nextEpoch: epoch };
        }
        const receipt = await sendPush(ctx, report);
        logPushed(log, epoch, receipt, ctx.deployment.funder);
        pushed.push(epoch);
        continue;
      }

      const readyAt = (epoch + 1n) * s.epochLength + BigInt(ctx.config.settleDelaySeconds);
      if (s.now < readyAt) {
        log.info("up-to-date", { nextEpoch: epoch, readyAt, chainTime: s.now, pushed: pushed.length });
        return { pushed, state: "up-to-date", nextEpoch: epoch };
      }

      const built = await ctx.builder.build(rig.rigId, epoch);
      const report = built.report;
      log.info("report", {
        epoch,
        deliveredHashrate: report.deliveredHashrate,
        uptimeBps: report.uptimeBps,
        grossReward: report.grossReward,
        energyWh: report.energyWh,
        samples: built.summary.samplesUsed,
        slots: built.summary.slots,
        queued: (s.now - readyAt) / s.epochLength,
      });
      const { threshold } = await reporterThreshold(ctx);
      const signatures = await collectSignatures({
        sources: ctx.sources,
        report,
        domain: ctx.domain,
        threshold,
        isReporter,
        log,
      });
      log.info("signatures", { epoch, count: signatures.length, threshold, signers: signatures.map((x) => x.signer) });
      crashPoint("after-sign", epoch, log);
      const breakdown = await ensureFunding(ctx, report, log);

      if (ctx.dryRun) {
        log.info("dry-run", {
          epoch,
          would: ctx.config.steps === "separate" ? "submitReport+pushEpoch" : "pushEpochWithReport",
          ...breakdown,
        });
        const further = (s.now - readyAt) / s.epochLength;
        if (further > 0n) log.info("dry-run", { would: "continue", epochsAfter: further });
        return { pushed, state: "dry-run", nextEpoch: epoch };
      }
      const sigs = signatures.map((x) => x.signature);
      let receipt: TransactionReceipt;
      if (ctx.config.steps === "separate") {
        const submitted = await sendSubmission(
          ctx,
          {
            label: `submitReport rig ${rig.rigId} epoch ${epoch}`,
            address: ctx.deployment.oracle,
            abi: hashrateOracleAbi,
            functionName: "submitReport",
            args: [report, sigs],
          },
          report,
          log,
        );
        if (submitted) log.info("submitted", { epoch, reportHash: reportStructHash(report) });
        crashPoint("after-submit", epoch, log);
        receipt = await sendPush(ctx, report);
      } else {
        receipt =
          (await sendSubmission(
            ctx,
            {
              label: `pushEpochWithReport rig ${rig.rigId} epoch ${epoch}`,
              address: ctx.deployment.funder,
              abi: epochFunderAbi,
              functionName: "pushEpochWithReport",
              args: [report, sigs],
            },
            report,
            log,
          )) ?? (await sendPush(ctx, report));
      }
      logPushed(log, epoch, receipt, ctx.deployment.funder);
      pushed.push(epoch);
    } catch (error) {
      const race =
        (error instanceof ContractRevertError && error.errorName && RACES.has(error.errorName)) ||
        error instanceof NonceConflictError;
      if (!race || ++races > MAX_RACES) throw error;
      log.warn("state-changed", { epoch, reason: oneLine(error) });
    }
  }
}

/** Pushes the accepted `report` (its own transaction: the oracle already holds it). */
function sendPush(ctx: UpdaterContext, report: EpochReport): Promise<TransactionReceipt> {
  return ctx.sender!.send({
    label: `pushEpoch rig ${report.rigId} epoch ${report.epoch}`,
    address: ctx.deployment.funder,
    abi: epochFunderAbi,
    functionName: "pushEpoch",
    args: [report],
  });
}

/**
 * Sends the call that hands `report` to the oracle (submitReport, or pushEpochWithReport). Returns its
 * receipt, or undefined when it reverted because the oracle already holds exactly this report: a signed
 * report is public once sent, and anyone may relay it first (finding F5). That is done, not a race — the
 * epoch only lacks pushEpoch — so the caller pushes at once instead of re-deriving: counted as a race, a
 * front-runner on every epoch would make processRig give up after MAX_RACES. Other reverts are rethrown.
 */
async function sendSubmission(
  ctx: UpdaterContext,
  request: SendRequest,
  report: EpochReport,
  log: Logger,
): Promise<TransactionReceipt | undefined> {
  try {
    return await ctx.sender!.send(request);
  } catch (error) {
    if (!(await heldByOracle(ctx, error, report))) throw error;
    log.info("already-submitted", {
      epoch: report.epoch,
      reportHash: reportStructHash(report),
      reason: oneLine(error),
    });
    return undefined;
  }
}

/**
 * Whether `error` (from sending `report`'s submission) is explained by the oracle already holding `report`
 * as the pending report of its epoch. The simulation names the revert OracleReportPending; a transaction
 * mined right after the front-runner's in the same block reverts on chain with no decoded name. Another
 * report pending instead is a race (the loop finds and pushes that one).
 */
async function heldByOracle(ctx: UpdaterContext, error: unknown, report: EpochReport): Promise<boolean> {
  if (!(error instanceof ContractRevertError)) return false;
  if (error.errorName !== undefined && error.errorName !== "OracleReportPending") return false;
  // A failed read leaves the revert itself to be reported (or raced on) as before.
  const s = await readRigState(ctx.client, ctx.deployment, report.rigId).catch(() => undefined);
  return s?.nextEpoch === report.epoch && s.pending === reportStructHash(report);
}

async function reporterThreshold(ctx: UpdaterContext) {
  const [count, threshold] = await ctx.client.readContract({
    address: ctx.deployment.oracle,
    abi: hashrateOracleAbi,
    functionName: "reporterSet",
  });
  return { count: Number(count), threshold: Number(threshold) };
}

/**
 * The breakdown the push will settle, after checking the operator's balance and allowance to the funder
 * cover its net (approving when configured and possible). Throws FundingError otherwise.
 */
async function ensureFunding(ctx: UpdaterContext, report: EpochReport, log: Logger) {
  const b = await ctx.client.readContract({
    address: ctx.deployment.funder,
    abi: epochFunderAbi,
    functionName: "previewBreakdown",
    args: [report],
  });
  const breakdown = {
    gross: b.gross,
    electricity: b.electricity,
    serviceFee: b.serviceFee,
    debtIn: b.debtIn,
    debtOut: b.debtOut,
    slaRefund: b.slaRefund,
    net: b.net,
  };
  log.info("preview", { epoch: report.epoch, ...breakdown });
  if (b.net === 0n) return breakdown;
  const facts = await ctx.builder.facts(report.rigId);
  const [balance, allowance] = await Promise.all([
    ctx.client.readContract({
      address: facts.payoutToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [facts.operator],
    }),
    ctx.client.readContract({
      address: facts.payoutToken,
      abi: erc20Abi,
      functionName: "allowance",
      args: [facts.operator, ctx.deployment.funder],
    }),
  ]);
  if (balance < b.net) {
    throw new FundingError(
      `rig ${report.rigId} epoch ${report.epoch}: operator ${facts.operator} holds ${balance} ${facts.symbol}, the net to fund is ${b.net}`,
    );
  }
  if (allowance < b.net) {
    const canApprove =
      ctx.config.approve === "max" && ctx.sender && getAddress(ctx.sender.address) === getAddress(facts.operator);
    if (!canApprove || ctx.dryRun) {
      throw new FundingError(
        `rig ${report.rigId} epoch ${report.epoch}: operator ${facts.operator} allows EpochFunder ${ctx.deployment.funder} ${allowance} ${facts.symbol}, the net to fund is ${b.net} (approve the funder${ctx.dryRun ? "" : ', or set "approve": "max" with the operator\'s key'})`,
      );
    }
    await ctx.sender!.send({
      label: `approve ${facts.symbol} to EpochFunder`,
      address: facts.payoutToken,
      abi: erc20Abi,
      functionName: "approve",
      args: [ctx.deployment.funder, maxUint256],
    });
    log.info("approved", { token: facts.payoutToken, spender: ctx.deployment.funder });
  }
  return breakdown;
}

function logPushed(log: Logger, epoch: bigint, receipt: TransactionReceipt, funder: Address) {
  for (const l of receipt.logs) {
    if (getAddress(l.address) !== getAddress(funder)) continue;
    try {
      const ev = decodeEventLog({ abi: epochFunderAbi, data: l.data, topics: l.topics });
      if (ev.eventName === "EpochSettled") {
        const b = ev.args.breakdown;
        log.info("pushed", {
          epoch,
          gross: b.gross,
          electricity: b.electricity,
          serviceFee: b.serviceFee,
          debtOut: b.debtOut,
          slaRefund: b.slaRefund,
          net: b.net,
          hash: receipt.transactionHash,
          block: receipt.blockNumber,
        });
        return;
      }
    } catch {
      // Not an EpochSettled log.
    }
  }
  log.info("pushed", { epoch, hash: receipt.transactionHash, block: receipt.blockNumber });
}

/**
 * The accepted report whose struct hash is `pending`: recomputed from the pool when the data still gives
 * the same report (cheap), else read from the oracle's ReportAccepted logs, scanning back from `toBlock`.
 */
export async function findAcceptedReport(
  ctx: UpdaterContext,
  rigId: bigint,
  epoch: bigint,
  pending: Hex,
  toBlock: bigint,
): Promise<EpochReport> {
  try {
    const { report } = await ctx.builder.build(rigId, epoch);
    if (reportStructHash(report) === pending) return report;
  } catch {
    // The pool may be down or changed: the logs are authoritative anyway.
  }
  const step = BigInt(ctx.config.logScanBlocks);
  for (let to = toBlock; to >= ctx.deployment.fromBlock; to -= step) {
    const from = to - step + 1n > ctx.deployment.fromBlock ? to - step + 1n : ctx.deployment.fromBlock;
    const logs = await ctx.client.getContractEvents({
      address: ctx.deployment.oracle,
      abi: hashrateOracleAbi,
      eventName: "ReportAccepted",
      args: { rigId, epoch },
      fromBlock: from,
      toBlock: to,
    });
    for (const l of logs.reverse()) {
      if (l.args.reportHash === pending && l.args.report) return { ...l.args.report };
    }
    if (from === ctx.deployment.fromBlock) break;
  }
  throw new OracleError(
    `rig ${rigId} epoch ${epoch}: pending report ${pending} not found in ReportAccepted logs since block ${ctx.deployment.fromBlock}`,
  );
}
