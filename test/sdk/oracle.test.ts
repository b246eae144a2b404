// SDK actions of the hashrate oracle and the epoch funder on the in-process chain, with exact values:
// oracle status (reporters, next epoch, staleness, bounds, network, gross cap, expected revenue), terms
// (configure, propose, read), SLA bond (deposit with approval, request, withdraw), failover, EIP-712
// signing of reports, both ways of pushing a reported epoch with their breakdowns, the ROI from on-chain
// parameters, and every custom error of IHashrateOracle, IEpochFunder and OZ ECDSA decoded into its class
// with a readable message (from revert data, and from real reverts). Expected values are computed here from
// the documented formulas (MiningMath), never read back from the contracts under test.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type Hex,
  ContractFunctionRevertedError,
  encodeErrorResult,
  erc20Abi,
  getAddress,
  keccak256,
  parseSignature,
  serializeSignature,
  toHex,
  zeroAddress,
} from "viem";

import { epochFunderAbi, hashrateOracleAbi, rewardDistributorAbi, rigshareErrorsAbi } from "../../sdk/abis.js";
import { configureRig } from "../../sdk/actions/configureRig.js";
import { declareBackup } from "../../sdk/actions/declareBackup.js";
import { depositBond } from "../../sdk/actions/depositBond.js";
import { getLastBreakdown } from "../../sdk/actions/getLastBreakdown.js";
import { getOracleStatus } from "../../sdk/actions/getOracleStatus.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigRoi } from "../../sdk/actions/getRigRoi.js";
import { getRigTerms } from "../../sdk/actions/getRigTerms.js";
import { previewBreakdown } from "../../sdk/actions/previewBreakdown.js";
import { proposeTerms } from "../../sdk/actions/proposeTerms.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { pushEpochWithReport } from "../../sdk/actions/pushEpochWithReport.js";
import { pushReportedEpoch } from "../../sdk/actions/pushReportedEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { requestBondWithdrawal } from "../../sdk/actions/requestBondWithdrawal.js";
import { setOnBackup } from "../../sdk/actions/setOnBackup.js";
import {
  epochReportDigest,
  epochReportHash,
  orderReportSignatures,
  recoverReportSigner,
  signEpochReport,
} from "../../sdk/actions/signEpochReport.js";
import { submitReport } from "../../sdk/actions/submitReport.js";
import { withdrawBond } from "../../sdk/actions/withdrawBond.js";
import {
  ContractRevertError,
  DistributorReportRequiredError,
  InsufficientAllowanceError,
  MissingContractError,
  type RigshareErrorName,
  type RigshareRevertErrorType,
  decodeRigshareError,
  revertErrorClasses,
} from "../../sdk/errors.js";
import { read, send } from "../../sdk/internal/send.js";
import { computeOnChainRoi } from "../../sdk/roi.js";
import type { EpochReport } from "../../sdk/types.js";
import {
  BOND,
  BTC,
  BTC_BLOCK_REWARD,
  BTC_DIFFICULTY,
  FEE_BPS,
  HOUR,
  REQUIRED_BOND,
  SLA_BPS,
  type SdkOracle,
  TARIFF,
  THRESHOLD,
  hourlyRigParams,
  sdkOracleFixture,
  toEpochEnd,
} from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const TH = 10n ** 12n;
const DAY = 86_400n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** MiningMath.expectedReward of the WBTC network, written from its formula: H × t × reward / (D × 2^32). */
const expected = (hashrate: bigint, seconds: bigint) =>
  (hashrate * seconds * BTC_BLOCK_REWARD) / (BTC_DIFFICULTY * 2n ** 32n);

/** Runs `action`, expects it to throw, returns the error. */
async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (e) {
    return e;
  }
  throw new Error("expected the action to throw");
}

/** Expects `action` to throw the typed revert `name` with `args` and message `message`. */
async function expectRevert<N extends RigshareErrorName>(
  action: () => Promise<unknown>,
  name: N,
  args: Record<string, unknown>,
  message?: string,
) {
  const error = (await caught(action)) as RigshareRevertErrorType;
  expect(error, String(error)).to.be.instanceOf(revertErrorClasses[name]);
  expect(error.name).to.equal(`${name}Error`);
  expect(error.args).to.deep.equal(args);
  if (message !== undefined) expect(error.shortMessage).to.equal(message);
  return error;
}

const balanceOf = (o: SdkOracle, token: `0x${string}`, who: `0x${string}`) =>
  o.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [who] });

/** A report of the rig's next epoch: 190 TH/s, 98% uptime, 900 sat gross, 3,430 Wh. */
async function nextReport(o: SdkOracle, overrides: Partial<EpochReport> = {}): Promise<EpochReport> {
  const rig = await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
  return {
    rigId: o.rigId,
    epoch: rig.nextEpoch,
    deliveredHashrate: 190n * TH,
    uptimeBps: 9_800n,
    grossReward: 900n,
    energyWh: 3_430n,
    ...overrides,
  };
}

/** Signatures of `count` reporters over `report` (in the fixture's order, not sorted). */
function sign(o: SdkOracle, report: EpochReport, count = Number(THRESHOLD), from = 0): Promise<Hex[]> {
  return Promise.all(
    o.reporters.slice(from, from + count).map((r) => signEpochReport(r, { contracts: o.contracts, report })),
  );
}

/** The fixture with the rig's next epoch ended. */
async function endedEpochFixture(c: NetworkConnection) {
  const o = await sdkOracleFixture(c);
  const rig = await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
  await toEpochEnd(o, rig.nextEpoch, rig.epochLength);
  return o;
}

describe("SDK oracle and epoch funder", function () {
  this.timeout(120_000);

  describe("reads", function () {
    it("getOracleStatus gives reporters, next epoch, staleness, bounds, network, gross cap and expected revenue", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const rig = await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      const status = await getOracleStatus(o.publicClient, {
        contracts: o.contracts,
        rigId: o.rigId,
        deliveredHashrate: 190n * TH,
      });
      // The rig's first epoch is the one it was registered in (the fixture may just have crossed an hour).
      const behind = status.timestamp / HOUR - rig.nextEpoch;
      expect(behind).to.be.oneOf([0n, 1n]);
      expect(status).to.deep.include({
        oracle: o.contracts.oracle,
        rigId: 1n,
        payoutToken: getAddress(o.wbtc.address),
        reporterCount: 5n,
        threshold: 3n,
        nextReportEpoch: rig.nextEpoch,
        nextReportableAt: (rig.nextEpoch + 1n) * HOUR,
        pendingReport: null,
        epochsBehind: behind,
        isStale: false,
        deliveredHashrate: 190n * TH,
        // 190 TH/s for an hour: 466 sat expected, times the 200% luck bound.
        grossCap: 932n,
        // 200 TH/s for a day: 200e12 × 86,400 × 322,500,000 / (110e12 × 2^32) = 11,795 sat.
        expectedDailyRevenue: 11_795n,
      });
      expect(status.grossCap).to.equal((expected(190n * TH, HOUR) * 20_000n) / 10_000n);
      expect(status.expectedDailyRevenue).to.equal(expected(200n * TH, DAY));
      expect(status.bounds).to.deep.equal({ toleranceBps: 10_500n, luckBps: 20_000n, staleAfterEpochs: 3n });
      expect(status.network).to.deep.equal({
        difficulty: BTC_DIFFICULTY,
        blockReward: BTC_BLOCK_REWARD,
        style: "bitcoin",
      });

      // Three epochs end without a report: stale.
      await time.increaseTo((rig.nextEpoch + 3n) * HOUR);
      const later = await getOracleStatus(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect([later.epochsBehind, later.isStale, later.grossCap]).to.deep.equal([3n, true, 982n]); // 491 × 2
    });

    it("getRigTerms reads the configured terms and bond; proposeTerms adds pending terms two days out", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const terms = await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect(terms).to.deep.equal({
        rigId: 1n,
        tariffPerKWh: TARIFF,
        serviceFeeBps: FEE_BPS,
        slaThresholdBps: SLA_BPS,
        negativeRun: 0n,
        started: false,
        onBackup: false,
        inDefault: false,
        feeDebt: 0n,
        bond: BOND,
        requiredBond: REQUIRED_BOND,
        withdrawable: BOND - REQUIRED_BOND,
        backupHashrate: 0n,
        pending: null,
        withdrawal: null,
      });
      expect(await getLastBreakdown(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).to.equal(null);

      const at = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(at);
      const proposed = await proposeTerms(o.operator, {
        contracts: o.contracts,
        rigId: o.rigId,
        tariffPerKWh: 75n,
        serviceFeeBps: 300n,
      });
      expect(proposed.effectiveAt).to.equal(at + 2n * DAY);
      expect((await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).pending).to.deep.equal({
        tariffPerKWh: 75n,
        serviceFeeBps: 300n,
        effectiveAt: at + 2n * DAY,
      });
    });
  });

  describe("bond and failover", function () {
    it("depositBond approves the funder exactly; a withdrawal is requested, then executed seven days later", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const operator = getAddress(o.operator.account.address);
      const before = await balanceOf(o, o.wbtc.address, operator);
      const deposit = await depositBond(o.operator, { contracts: o.contracts, rigId: o.rigId, amount: 50_000n });
      expect(deposit.bond).to.equal(BOND + 50_000n);
      expect(deposit.approvalHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(
        await o.publicClient.readContract({
          address: o.wbtc.address,
          abi: erc20Abi,
          functionName: "allowance",
          args: [operator, o.contracts.funder!],
        }),
      ).to.equal(0n); // exactly what was needed, used up

      const at = BigInt(await time.latest()) + 5n;
      await time.setNextBlockTimestamp(at);
      const request = await requestBondWithdrawal(o.operator, {
        contracts: o.contracts,
        rigId: o.rigId,
        amount: 120_000n,
      });
      expect([request.amount, request.readyAt]).to.deep.equal([120_000n, at + 7n * DAY]);
      await expectRevert(
        () => withdrawBond(o.operator, { contracts: o.contracts, rigId: o.rigId }),
        "FunderWithdrawalNotReady",
        { rigId: 1n, readyAt: at + 7n * DAY },
      );
      await time.increaseTo(at + 7n * DAY);
      const withdrawn = await withdrawBond(o.operator, { contracts: o.contracts, rigId: o.rigId });
      expect([withdrawn.amount, withdrawn.bond]).to.deep.equal([120_000n, BOND + 50_000n - 120_000n]);
      expect(await balanceOf(o, o.wbtc.address, operator)).to.equal(before - 50_000n + 120_000n);
      expect((await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).withdrawal).to.equal(null);
    });

    it("declareBackup and setOnBackup record the failover; switching without a backup is refused first", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      await expectRevert(
        () => setOnBackup(o.operator, { contracts: o.contracts, rigId: o.rigId, onBackup: true }),
        "FunderNoBackup",
        { rigId: 1n },
        "Rig 1 has declared no backup capacity (declare one first)",
      );
      await declareBackup(o.operator, { contracts: o.contracts, rigId: o.rigId, backupHashrate: 150n * TH });
      await setOnBackup(o.operator, { contracts: o.contracts, rigId: o.rigId, onBackup: true });
      let terms = await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect([terms.backupHashrate, terms.onBackup]).to.deep.equal([150n * TH, true]);
      await setOnBackup(o.operator, { contracts: o.contracts, rigId: o.rigId, onBackup: false });
      terms = await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect(terms.onBackup).to.equal(false);
    });
  });

  describe("reports and epochs", function () {
    it("signEpochReport signs the oracle's EIP-712 digest, and the signatures are put in ascending signer order", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      const report = await nextReport(o);
      const domain = { chainId: 31337, oracle: o.contracts.oracle! };
      const onChainDigest = await o.publicClient.readContract({
        address: o.contracts.oracle!,
        abi: hashrateOracleAbi,
        functionName: "reportDigest",
        args: [report],
      });
      expect(epochReportDigest({ ...domain, report })).to.equal(onChainDigest);
      const signatures = await sign(o, report, 5);
      const signers = await Promise.all(
        signatures.map((signature) => recoverReportSigner({ ...domain, report, signature })),
      );
      expect(signers).to.deep.equal(o.reporters.map((r) => getAddress(r.account.address)));
      const ordered = await orderReportSignatures({
        ...domain,
        report,
        signatures: [...signatures, signatures[0]], // a duplicate signer is dropped
      });
      const orderedSigners = await Promise.all(
        ordered.map((signature) => recoverReportSigner({ ...domain, report, signature })),
      );
      expect(orderedSigners).to.deep.equal([...signers].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    });

    it("pushEpochWithReport settles the epoch: exact breakdown, stream, operator's funding and lastBreakdown", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      const report = await nextReport(o);
      const operator = getAddress(o.operator.account.address);
      // electricity 3,430 Wh × 60 / 1,000 = 205 (rounded down), fee 900 × 2% = 18, net 900 − 205 − 18 = 677;
      // 190 TH/s ≥ 92% of 200 TH/s: no SLA refund.
      const want = {
        epoch: report.epoch,
        gross: 900n,
        electricity: 205n,
        serviceFee: 18n,
        debtIn: 0n,
        debtOut: 0n,
        slaRefund: 0n,
        net: 677n,
      };
      expect(await previewBreakdown(o.publicClient, { contracts: o.contracts, report })).to.deep.equal(want);
      const operatorBefore = await balanceOf(o, o.wbtc.address, operator);
      const distributorBefore = await balanceOf(o, o.wbtc.address, o.contracts.distributor);
      // The signatures come unsorted (reporters #12, #13, #14): the SDK orders them.
      const signatures = (await sign(o, report, 3, 2)).reverse();
      const pushed = await pushEpochWithReport(o.operator, { contracts: o.contracts, report, signatures });
      expect(pushed.epoch).to.equal(report.epoch);
      expect(pushed.breakdown).to.deep.equal(want);
      expect(pushed.reportHash).to.equal(epochReportHash(report));
      expect(pushed.approvalHash).to.match(/^0x[0-9a-f]{64}$/); // the operator approved exactly the net
      expect(await balanceOf(o, o.wbtc.address, operator)).to.equal(operatorBefore - 677n);
      expect(await balanceOf(o, o.wbtc.address, o.contracts.distributor)).to.equal(distributorBefore + 677n);
      expect(await getLastBreakdown(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).to.deep.equal(want);
      const rig = await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect([rig.nextEpoch, rig.funded]).to.deep.equal([report.epoch + 1n, 677n]);
      const terms = await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect([terms.started, terms.bond]).to.deep.equal([true, BOND]);
      // Now terms change only through proposeTerms.
      await expectRevert(
        () =>
          configureRig(o.operator, {
            contracts: o.contracts,
            rigId: o.rigId,
            tariffPerKWh: 1n,
            serviceFeeBps: 0n,
            slaThresholdBps: 0n,
            requiredBond: 0n,
          }),
        "FunderAlreadyStarted",
        { rigId: 1n },
        "Rig 1 has sold shares or pushed an epoch: its terms change only through proposeTerms (with a delay)",
      );
    });

    it("submitReport leaves the report pending; pushReportedEpoch pays an under-delivery's SLA refund from the bond", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      // 150 TH/s < 92% of 200: the 50 missing TH/s are refunded at the epoch's gross per delivered hash.
      const report = await nextReport(o, { deliveredHashrate: 150n * TH, grossReward: 700n, energyWh: 2_625n });
      const submitted = await submitReport(o.stranger, {
        contracts: o.contracts,
        report,
        signatures: await sign(o, report),
      });
      expect(submitted.reportHash).to.equal(epochReportHash(report));
      const status = await getOracleStatus(o.publicClient, { contracts: o.contracts, rigId: o.rigId });
      expect([status.pendingReport, status.epochsBehind]).to.deep.equal([epochReportHash(report), 0n]);
      await expectRevert(
        () => submitReport(o.stranger, { contracts: o.contracts, report, signatures: [] }),
        "OracleReportPending",
        { rigId: 1n, epoch: report.epoch },
      );

      // A relayer cannot approve for the operator: the operator's short allowance is reported, nothing sent.
      const short = await caught(() => pushReportedEpoch(o.stranger, { contracts: o.contracts, report }));
      expect(short).to.be.instanceOf(InsufficientAllowanceError);
      expect((short as InsufficientAllowanceError).owner).to.equal(getAddress(o.operator.account.address));

      const bondBefore = (await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).bond;
      const pushed = await pushReportedEpoch(o.operator, { contracts: o.contracts, report });
      // electricity 2,625 × 60 / 1,000 = 157, fee 14, net 529; refund 700 × 50 / 150 = 233.
      expect(pushed.breakdown).to.deep.equal({
        epoch: report.epoch,
        gross: 700n,
        electricity: 157n,
        serviceFee: 14n,
        debtIn: 0n,
        debtOut: 0n,
        slaRefund: 233n,
        net: 529n,
      });
      expect((await getRigTerms(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).bond).to.equal(
        bondBefore - 233n,
      );
      expect((await getRig(o.publicClient, { contracts: o.contracts, rigId: o.rigId })).funded).to.equal(762n);
      await expectRevert(
        () => pushReportedEpoch(o.operator, { contracts: o.contracts, report }),
        "OracleReportNotAccepted",
        { rigId: 1n, epoch: report.epoch },
      );
    });

    it("pushEpoch on the distributor says the deployment requires reports, before sending anything", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      const block = await o.publicClient.getBlockNumber();
      const error = await caught(() => pushEpoch(o.operator, { contracts: o.contracts, rigId: o.rigId, amount: 1n }));
      expect(error).to.be.instanceOf(DistributorReportRequiredError);
      expect((error as DistributorReportRequiredError).shortMessage).to.equal(
        "This deployment requires oracle reports: epochs of rig 1 are funded through the epoch funder from a signed report (pushEpochWithReport), not pushed directly",
      );
      expect(await o.publicClient.getBlockNumber()).to.equal(block);
    });
  });

  describe("ROI from on-chain parameters", function () {
    it("getRigRoi uses the rig's tariff and fee and the oracle's network, equal to expectedDailyRevenue", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const roi = await getRigRoi(o.publicClient, {
        contracts: o.contracts,
        rigId: o.rigId,
        coinPrice: "100000",
        poolFeeBps: 0,
      });
      // Day of 200 TH/s: 11,795 sat; 3,500 W × 24 h = 84,000 Wh at 60 sat/kWh = 5,040 sat; 2% fee = 235 sat.
      expect(roi).to.deep.include({
        model: "bitcoin",
        dailyExpectedReward: 11_795n,
        onChainExpectedDailyRevenue: 11_795n,
        dailyPoolFee: 0n,
        dailyGross: 11_795n,
        dailyEnergyWh: 84_000n,
        dailyElectricity: 5_040n,
        dailyServiceFee: 235n,
        dailyNet: 6_520n,
        dailyShortfall: 0n,
        dailyNetPerShare: 6n, // 6,520 / 1,000 shares, rounded down
        tariffPerKWh: TARIFF,
        serviceFeeBps: FEE_BPS,
        payoutDecimals: 8,
        paymentDecimals: 6,
      });
      // 6,520 sat / 1,000 shares at 100,000 USDC/BTC = 0.00652 USDC a share a day (from the whole net, not the
      // floored 6 sat: that gave 16,666.6… days); a 100 USDC share pays back in 15,337.4… days.
      expect(roi.dailyNetPerShareQuoteX18).to.equal(652n * 10n ** 13n);
      expect(roi.sharePriceX18).to.equal(100n * 10n ** 18n);
      expect(roi.paybackDaysX18).to.equal(15_337_423_312_883_435_582_822n);
    });

    it("computeOnChainRoi carries costs above gross as a shortfall and never a negative net", function () {
      const r = computeOnChainRoi({
        hashrate: 200n * TH,
        powerWatts: 3_500,
        totalShares: 1_000n,
        pricePerShare: 100n * 10n ** 6n,
        paymentDecimals: 6,
        payoutDecimals: 8,
        tariffPerKWh: 200n,
        serviceFeeBps: 300,
        network: { difficulty: BTC_DIFFICULTY, blockReward: BTC_BLOCK_REWARD, style: "bitcoin" },
        coinPrice: "100000",
        poolFeeBps: 200,
      });
      // gross 11,795 − 2% pool fee (235) = 11,560; electricity 84,000 × 200 / 1,000 = 16,800; fee 346.
      expect(r).to.deep.include({
        dailyPoolFee: 235n,
        dailyGross: 11_560n,
        dailyElectricity: 16_800n,
        dailyServiceFee: 346n,
        dailyNet: 0n,
        dailyShortfall: 5_586n,
        dailyNetPerShare: 0n,
        paybackDaysX18: null,
      });
    });

    it("gives the break-even tariff and the shut-off hashprice where the day's net really turns", function () {
      const inputs = {
        hashrate: 200n * TH,
        powerWatts: 3_500,
        totalShares: 1_000n,
        pricePerShare: 100n * 10n ** 6n,
        paymentDecimals: 6,
        payoutDecimals: 8,
        tariffPerKWh: 60n,
        serviceFeeBps: 200,
        network: { difficulty: BTC_DIFFICULTY, blockReward: BTC_BLOCK_REWARD, style: "bitcoin" as const },
        coinPrice: "100000",
        poolFeeBps: 0,
      };
      const r = computeOnChainRoi(inputs);
      // 11,795 sat a day for 0.2 PH/s = 58,975 sat/PH/s/day; (11,795 − 235) × 1,000 / 84,000 Wh = 137.6 sat/kWh;
      // 5,040 sat of electricity needs 5,040 / 0.98 sat of gross from 0.2 PH/s: 25,714.3 → 25,715 sat/PH/s/day.
      expect(r.hashpricePerPHDay).to.equal(58_975n);
      expect(r.breakEvenTariffPerKWh).to.equal(137n);
      expect(r.shutOffHashpricePerPHDay).to.equal(25_715n);
      // At the break-even tariff the costs fit the gross; one unit above it they do not.
      const at = (tariffPerKWh: bigint) => computeOnChainRoi({ ...inputs, tariffPerKWh });
      expect(at(137n).dailyShortfall).to.equal(0n);
      expect(at(138n).dailyShortfall > 0n).to.equal(true);
      // Random rigs and markets over wide ranges: the same two facts, and the shut-off hashprice within a
      // rounding of where the shortfall starts (the network's reward scaled to 1% above and below it).
      let seed = 0x5eedn;
      const draw = (range: bigint) => {
        seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
        return seed % range;
      };
      let scaledChecks = 0;
      for (let i = 0; i < 300; ++i) {
        const rig = {
          ...inputs,
          hashrate: 1n + draw(10n ** 18n),
          powerWatts: 1 + Number(draw(100_000n)),
          serviceFeeBps: Number(draw(5_001n)),
          poolFeeBps: Number(draw(1_001n)),
          tariffPerKWh: draw(10n ** 9n),
          network: { ...inputs.network, blockReward: 10n ** 6n + draw(10n ** 12n) },
        };
        const roi = computeOnChainRoi(rig);
        const t = roi.breakEvenTariffPerKWh;
        expect(computeOnChainRoi({ ...rig, tariffPerKWh: t }).dailyShortfall, `rig ${i} at ${t}`).to.equal(0n);
        expect(
          computeOnChainRoi({ ...rig, tariffPerKWh: t + 1n }).dailyShortfall > 0n,
          `rig ${i} at ${t + 1n}`,
        ).to.equal(true);
        const shutOff = roi.shutOffHashpricePerPHDay!;
        if (roi.hashpricePerPHDay < 10_000n || shutOff < 10_000n) continue; // too coarse to scale by 1%
        const scaled = (pct: bigint) => ({
          ...rig.network,
          blockReward: (rig.network.blockReward * shutOff * pct) / (roi.hashpricePerPHDay * 100n),
        });
        expect(computeOnChainRoi({ ...rig, network: scaled(101n) }).dailyShortfall, `rig ${i} above`).to.equal(0n);
        expect(computeOnChainRoi({ ...rig, network: scaled(99n) }).dailyShortfall > 0n, `rig ${i} below`).to.equal(
          true,
        );
        ++scaledChecks;
      }
      expect(scaledChecks, "rigs fine enough for the 1% check").to.be.greaterThan(100);
    });
  });

  describe("errors", function () {
    const A = "0x1111111111111111111111111111111111111111";
    const B = "0x2222222222222222222222222222222222222222";
    const S = keccak256(toHex("s"));
    const cases: [RigshareErrorName, readonly unknown[], string][] = [
      ["OracleNotReporter", [A], `${A} signed the report but is not a reporter of the oracle`],
      [
        "OracleSignersNotAscending",
        [A, B],
        `Signatures must be ordered by ascending signer address without duplicates: ${A} came after ${B}`,
      ],
      ["OracleInsufficientSignatures", [2n, 3n], "Only 2 reporter signatures given: the oracle needs 3"],
      ["OracleInsufficientSignatures", [1n, 3n], "Only 1 reporter signature given: the oracle needs 3"],
      [
        "OracleEpochOutOfOrder",
        [4n, 10n, 12n],
        "Rig 4 expects a report for epoch 10 next, not epoch 12 (reports go in order)",
      ],
      ["OracleEpochNotEnded", [4n, 10n], "Epoch 10 of rig 4 has not ended yet: it cannot be reported"],
      ["OracleReportPending", [4n, 10n], "A report for epoch 10 of rig 4 was already accepted and waits to be pushed"],
      [
        "OracleReportOutOfBounds",
        ["grossReward", 1_000n, 932n],
        "Report out of bounds: grossReward is 1000, above its limit of 932",
      ],
      ["OracleUnknownRig", [99n], "Rig 99 is unknown to the oracle"],
      ["OracleNetworkUnset", [A], `The oracle has no network parameters (difficulty, block reward) for token ${A}`],
      [
        "OracleReportNotAccepted",
        [4n, 10n],
        "The oracle has not accepted this report for epoch 10 of rig 4 (submit it with its signatures first, or push it with them)",
      ],
      ["OracleOnlyConsumer", [A], `Only the epoch funder may consume reports, not ${A}`],
      ["OracleInvalidConfig", ["threshold"], "Invalid oracle setting: threshold"],
      ["FunderNotRigOperator", [4n, A], `${A} is not the operator of rig 4`],
      ["FunderInvalidTerms", ["serviceFeeBps"], "Invalid rig terms: serviceFeeBps"],
      [
        "FunderAlreadyStarted",
        [4n],
        "Rig 4 has sold shares or pushed an epoch: its terms change only through proposeTerms (with a delay)",
      ],
      [
        "FunderBondLocked",
        [4n, 200_000n],
        "The bond of rig 4 is locked beyond 200000: only that much is above the required bond",
      ],
      [
        "FunderBondLocked",
        [4n, 0n],
        "The bond of rig 4 is locked: nothing is above the required bond (0 withdrawable)",
      ],
      [
        "FunderWithdrawalNotReady",
        [4n, 1_800_000_000n],
        "The bond withdrawal of rig 4 is not ready: it can be executed from 2027-01-15T08:00:00Z",
      ],
      ["FunderWithdrawalNotReady", [4n, 0n], "No bond withdrawal was requested for rig 4 (request one first)"],
      [
        "FunderTransferMismatch",
        [100n, 99n],
        "The payout token delivered 99 instead of 100 (fee-on-transfer tokens are not supported)",
      ],
      ["FunderNoBackup", [4n], "Rig 4 has declared no backup capacity (declare one first)"],
      [
        "FunderNotYetUnfunded",
        [4n, 20_000n, 1_728_259_200n],
        "Epoch 20000 of rig 4 can be pushed from the operator's bond only from 2024-10-07T00:00:00.000Z (the operator may still fund it until then)",
      ],
      [
        "FunderTariffAboveCeiling",
        [900n, 500n],
        "Tariff 900 per kWh is above the ceiling of 500 per kWh for this rig's payout token",
      ],
      [
        "FunderTariffAboveCeiling",
        [60n, 0n],
        "No tariff ceiling is set for this rig's payout token yet, so its tariff must be 0 (asked 60 per kWh; the admin sets one with setMaxTariff)",
      ],
      ["FunderUnknownRig", [7n], "Rig 7 does not exist: the epoch funder knows no such rig"],
      ["ECDSAInvalidSignature", [], "A report signature is invalid (it recovers to no address)"],
      ["ECDSAInvalidSignatureLength", [64n], "A report signature is 64 bytes long: it must be 65"],
      [
        "ECDSAInvalidSignatureS",
        [S],
        `A report signature is malleable (its s value ${S} is in the upper half): sign again with a low-s signer`,
      ],
    ];

    it("decodes each error of IHashrateOracle, IEpochFunder and OZ ECDSA into its class with a readable message", function () {
      for (const [name, args, message] of cases) {
        const data = encodeErrorResult({ abi: rigshareErrorsAbi, errorName: name, args } as never);
        const error = decodeRigshareError(
          new ContractFunctionRevertedError({ abi: epochFunderAbi, data, functionName: "pushEpochWithReport" }),
        ) as RigshareRevertErrorType;
        expect(error, name).to.be.instanceOf(revertErrorClasses[name]);
        expect(error).to.be.instanceOf(ContractRevertError);
        expect(error.name).to.equal(`${name}Error`);
        expect(error.shortMessage, name).to.equal(message);
      }
      const declared = new Set(cases.map(([name]) => name));
      for (const item of [...hashrateOracleAbi, ...epochFunderAbi]) {
        if (item.type === "error" && /^(Oracle|Funder|ECDSA)/.test(item.name))
          expect(declared.has(item.name), item.name).to.equal(true);
      }
    });

    it("turns the oracle's real reverts into typed errors: signers, threshold, order, timing, bounds, rig, config", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      const report = await nextReport(o);
      const c = o.contracts;
      const stranger = getAddress(o.stranger.account.address);
      const strangerSig = await signEpochReport(o.stranger, { contracts: c, report });
      const twoSigs = await sign(o, report, 2);
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: [...twoSigs, strangerSig] }),
        "OracleNotReporter",
        { signer: stranger },
        `${stranger} signed the report but is not a reporter of the oracle`,
      );
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: twoSigs }),
        "OracleInsufficientSignatures",
        { valid: 2n, threshold: 3n },
        "Only 2 reporter signatures given: the oracle needs 3",
      );
      const ordered = await orderReportSignatures({
        chainId: 31337,
        oracle: c.oracle!,
        report,
        signatures: await sign(o, report),
      });
      const descending = [...ordered].reverse();
      const signers = await Promise.all(
        descending.map((signature) => recoverReportSigner({ chainId: 31337, oracle: c.oracle!, report, signature })),
      );
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: descending, orderSignatures: false }),
        "OracleSignersNotAscending",
        { signer: signers[1], previous: signers[0] },
      );
      const later = { ...report, epoch: report.epoch + 1n };
      await expectRevert(
        async () => submitReport(o.operator, { contracts: c, report: later, signatures: await sign(o, later) }),
        "OracleEpochOutOfOrder",
        { rigId: 1n, expected: report.epoch, given: report.epoch + 1n },
      );
      const tooRich = { ...report, grossReward: 933n };
      await expectRevert(
        async () =>
          pushEpochWithReport(o.operator, { contracts: c, report: tooRich, signatures: await sign(o, tooRich) }),
        "OracleReportOutOfBounds",
        { field: "grossReward", value: 933n, limit: 932n },
        "Report out of bounds: grossReward is 933, above its limit of 932",
      );
      await expectRevert(
        () =>
          read(() =>
            o.publicClient.readContract({
              address: c.oracle!,
              abi: hashrateOracleAbi,
              functionName: "nextReportEpoch",
              args: [99n],
            }),
          ),
        "OracleUnknownRig",
        { rigId: 99n },
      );
      await expectRevert(
        () =>
          send(o.stranger, {
            address: c.oracle!,
            abi: hashrateOracleAbi,
            functionName: "consumeReport",
            args: [report],
            label: "consume",
          }),
        "OracleOnlyConsumer",
        { caller: stranger },
      );
      await expectRevert(
        () =>
          send(o.admin, {
            address: c.oracle!,
            abi: hashrateOracleAbi,
            functionName: "setReporters",
            args: [[], [], 0n],
            label: "set",
          }),
        "OracleInvalidConfig",
        { what: "threshold" },
      );
      await expectRevert(
        () =>
          send(o.stranger, {
            address: c.funder!,
            abi: epochFunderAbi,
            functionName: "pushEpoch",
            args: [report],
            label: "push",
          }),
        "OracleReportNotAccepted",
        { rigId: 1n, epoch: report.epoch },
      );
      // The epoch after next has not ended (a rig registered now starts at the current epoch).
      const fresh = await registerRig(o.operator, { contracts: c, params: hourlyRigParams(o, { name: "Fresh" }) });
      const freshEpoch = (await getRig(o.publicClient, { contracts: c, rigId: fresh.rigId })).nextEpoch;
      const early = { ...report, rigId: fresh.rigId, epoch: freshEpoch };
      await expectRevert(
        async () => submitReport(o.operator, { contracts: c, report: early, signatures: await sign(o, early) }),
        "OracleEpochNotEnded",
        { rigId: fresh.rigId, epoch: freshEpoch },
      );
      // A rig paying in USDC: the oracle has no network for it.
      const usdcRig = await registerRig(o.operator, {
        contracts: c,
        params: hourlyRigParams(o, { name: "USDC payouts", payoutToken: o.usdc.address }),
      });
      await expectRevert(
        () => getRigRoi(o.publicClient, { contracts: c, rigId: usdcRig.rigId }),
        "OracleNetworkUnset",
        { payoutToken: getAddress(o.usdc.address) },
      );
      await expectRevert(
        () =>
          read(() =>
            o.publicClient.readContract({
              address: c.oracle!,
              abi: hashrateOracleAbi,
              functionName: "expectedDailyRevenue",
              args: [usdcRig.rigId],
            }),
          ),
        "OracleNetworkUnset",
        { payoutToken: getAddress(o.usdc.address) },
      );
    });

    it("turns malformed, unrecoverable and malleated signatures into the ECDSA errors", async function () {
      const o = await networkHelpers.loadFixture(endedEpochFixture);
      const report = await nextReport(o);
      const c = o.contracts;
      const [good] = await sign(o, report, 1);
      const short = good.slice(0, 2 + 128) as Hex; // 64 bytes
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: [short] }),
        "ECDSAInvalidSignatureLength",
        { length: 64n },
      );
      const zero = `0x${"00".repeat(64)}1b` as Hex; // r = s = 0: recovers to no address
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: [zero] }),
        "ECDSAInvalidSignature",
        {},
      );
      const sig = parseSignature(good);
      const highS = toHex(SECP256K1_N - BigInt(sig.s), { size: 32 });
      const malleated = serializeSignature({ r: sig.r, s: highS, yParity: sig.yParity === 0 ? 1 : 0 });
      await expectRevert(
        () => submitReport(o.operator, { contracts: c, report, signatures: [malleated], orderSignatures: false }),
        "ECDSAInvalidSignatureS",
        { s: highS },
      );
    });

    it("turns the funder's reverts and pre-flight checks into typed errors: operator, terms, bond, backup, token", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const c = o.contracts;
      const stranger = getAddress(o.stranger.account.address);
      await expectRevert(
        () =>
          configureRig(o.stranger, {
            contracts: c,
            rigId: o.rigId,
            tariffPerKWh: 1n,
            serviceFeeBps: 0n,
            slaThresholdBps: 0n,
            requiredBond: 0n,
          }),
        "FunderNotRigOperator",
        { rigId: 1n, caller: stranger },
      );
      await expectRevert(
        () =>
          send(o.stranger, {
            address: c.funder!,
            abi: epochFunderAbi,
            functionName: "declareBackup",
            args: [o.rigId, 1n],
            label: "declare",
          }),
        "FunderNotRigOperator",
        { rigId: 1n, caller: stranger },
      );
      await expectRevert(
        () => proposeTerms(o.operator, { contracts: c, rigId: o.rigId, tariffPerKWh: 60n, serviceFeeBps: 3_001n }),
        "FunderInvalidTerms",
        { what: "serviceFeeBps" },
      );
      await expectRevert(
        () => requestBondWithdrawal(o.operator, { contracts: c, rigId: o.rigId, amount: 200_001n }),
        "FunderBondLocked",
        { rigId: 1n, available: 200_000n },
        "The bond of rig 1 is locked beyond 200000: only that much is above the required bond",
      );
      await expectRevert(
        () =>
          send(o.operator, {
            address: c.funder!,
            abi: epochFunderAbi,
            functionName: "requestBondWithdrawal",
            args: [o.rigId, 200_001n],
            label: "request",
          }),
        "FunderBondLocked",
        { rigId: 1n, available: 200_000n },
      );
      await expectRevert(
        () => withdrawBond(o.operator, { contracts: c, rigId: o.rigId }),
        "FunderWithdrawalNotReady",
        { rigId: 1n, readyAt: 0n },
        "No bond withdrawal was requested for rig 1 (request one first)",
      );
      await expectRevert(
        () =>
          send(o.operator, {
            address: c.funder!,
            abi: epochFunderAbi,
            functionName: "setOnBackup",
            args: [o.rigId, true],
            label: "switch",
          }),
        "FunderNoBackup",
        { rigId: 1n },
      );
      await expectRevert(
        () => depositBond(o.operator, { contracts: c, rigId: o.rigId, amount: 0n }),
        "FunderInvalidTerms",
        { what: "amount" },
      );
      await expectRevert(
        () => depositBond(o.operator, { contracts: c, rigId: 99n, amount: 1n }),
        "RigSharesUnknownRig",
        { rigId: 99n },
        "Rig 99 does not exist",
      );
      // A fee-on-transfer payout token delivers less than the bond deposit.
      const fee = await o.connection.viem.deployContract("FeeOnTransferERC20", [100n]);
      await fee.write.mint([o.operator.account.address, BTC]);
      const feeRig = await registerRig(o.operator, {
        contracts: c,
        params: hourlyRigParams(o, { name: "Fee token", payoutToken: fee.address }),
      });
      await expectRevert(
        () => depositBond(o.operator, { contracts: c, rigId: feeRig.rigId, amount: 10_000n }),
        "FunderTransferMismatch",
        { expected: 10_000n, received: 9_900n },
      );
    });

    it("says which contract is missing when the address book has no oracle", async function () {
      const o = await networkHelpers.loadFixture(sdkOracleFixture);
      const { oracle: _oracle, funder: _funder, ...legacy } = o.contracts;
      const error = await caught(() => getOracleStatus(o.publicClient, { contracts: legacy, rigId: o.rigId }));
      expect(error).to.be.instanceOf(MissingContractError);
      expect((error as MissingContractError).shortMessage).to.equal(
        "This deployment has no HashrateOracle in its address book: redeploy with scripts/deploy.ts, which deploys the oracle and the epoch funder",
      );
      expect(
        await o.publicClient.readContract({
          address: o.contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "funder",
        }),
      ).to.not.equal(zeroAddress);
    });
  });
});
