// Security finding F5: a signed report is public once the relayer sends it, so anyone can relay it to
// HashrateOracle.submitReport first. The relayer's pushEpochWithReport (or submitReport) then reverts with
// OracleReportPending although the oracle holds exactly the report it built. The updater must take that as
// done — log "already-submitted" and push it with pushEpoch — not as a race: counted as one, a front-runner
// on every epoch would make processRig give up after MAX_RACES (3) epochs. processRig runs in-process on the
// in-process chain, with the fake pool, three local reporter keys and the operator's TxSender, wrapped so
// that a front-runner relays the very same report and signatures just before each of the updater's sends.
import path from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Abi, type Address, type Hash, type PublicClient, getAddress, maxUint256 } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { buildOracleModule } from "../../deploy/OracleModule.js";
import { buildRigshareProtocolModule } from "../../deploy/RigshareProtocolModule.js";
import { epochFunderAbi, hashrateOracleAbi, rewardDistributorAbi, rigSharesAbi } from "../../oracle/abi.js";
import { ReportBuilder } from "../../oracle/builder.js";
import { type Deployment, chainFor } from "../../oracle/chain.js";
import { type OracleFileConfig, parseOracleConfig } from "../../oracle/config.js";
import { oracleDomain, reportStructHash } from "../../oracle/eip712.js";
import { type LogRecord, createLogger } from "../../oracle/log.js";
import { createPoolAdapter } from "../../oracle/pool/index.js";
import type { EpochReport } from "../../oracle/report.js";
import { type SendRequest, TxSender } from "../../oracle/sender.js";
import { localSource } from "../../oracle/signers.js";
import { type UpdaterContext, processRig } from "../../oracle/updater.js";
import { type FakePool, startFakePool } from "../../scripts/fake-pool.js";
import { BTC, DAY, MNEMONIC, ROOT, accountAddress, write } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;

const TH = 10n ** 12n;
const RIG = 1n;
const OPERATOR = 1;
const HOLDER = 2;
const FRONT_RUNNER = 3;
const REPORTERS = [10, 11, 12, 13, 14];
/** More epochs than the updater's MAX_RACES (3), each front-run. */
const EPOCHS = 5n;

/**
 * The protocol and the oracle deployed with the Ignition modules, rig 1 registered (daily epochs, WBTC
 * payouts), 400 of its shares sold, terms configured, a bond posted and the funder approved by the operator.
 */
async function frontRunFixture(c: NetworkConnection) {
  const { viem, ignition } = c;
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const wallets = await viem.getWalletClients();
  const [operator, holder] = [wallets[OPERATOR], wallets[HOLDER]];
  const usdc = await viem.deployContract("TestERC20", ["USD Coin", "USDC", 6]);
  const wbtc = await viem.deployContract("TestERC20", ["Wrapped BTC", "WBTC", 8]);
  const deployed = await ignition.deploy(
    buildOracleModule({
      protocol: buildRigshareProtocolModule({ operators: [operator.account.address] }),
      reporters: REPORTERS.map(accountAddress),
      threshold: 3,
      networks: [
        {
          payoutToken: wbtc.address,
          difficulty: 110_000_000_000_000n,
          blockReward: 322_500_000n,
          style: "bitcoin",
          maxTariffPerKWh: 500n,
        },
      ],
    }),
  );
  const address = async (f: { getAddress(): Promise<string> }) => getAddress(await f.getAddress());
  const deployment: Deployment = {
    chainId: await publicClient.getChainId(),
    shares: await address(deployed.shares),
    distributor: await address(deployed.distributor),
    oracle: await address(deployed.oracle),
    funder: await address(deployed.funder),
    fromBlock: 0n,
    source: "frontrun fixture",
  };
  const send = (wallet: (typeof wallets)[number], to: Address, abi: Abi, fn: string, args: unknown[]) =>
    write(publicClient, wallet as never, to, abi, fn, args);

  await wbtc.write.mint([operator.account.address, 10n * BTC]);
  await usdc.write.mint([holder.account.address, 1_000_000n * 10n ** 6n]);
  await send(operator, wbtc.address, wbtc.abi, "approve", [deployment.funder, maxUint256]);
  await send(operator, deployment.shares, rigSharesAbi, "registerRig", [
    {
      name: "Antminer S21 #1",
      algorithm: 0,
      hashrate: 200n * TH,
      powerWatts: 3_500,
      totalShares: 1_000n,
      pricePerShare: 100n * 10n ** 6n,
      paymentToken: usdc.address,
      payoutToken: wbtc.address,
      epochLength: Number(DAY),
      maxEpochPayout: BTC,
      royaltyBps: 500,
    },
  ]);
  await send(operator, deployment.shares, rigSharesAbi, "setSaleOpen", [RIG, true]);
  await send(holder, usdc.address, usdc.abi, "approve", [deployment.shares, maxUint256]);
  await send(operator, deployment.funder, epochFunderAbi, "configureRig", [RIG, 60n, 200n, 9_200n, 100_000n]);
  await send(holder, deployment.shares, rigSharesAbi, "mint", [RIG, 400n]);
  await send(operator, deployment.funder, epochFunderAbi, "depositBond", [RIG, 1_000_000n]);
  return { publicClient, deployment, frontRunner: wallets[FRONT_RUNNER] };
}

type Fixture = Awaited<ReturnType<typeof frontRunFixture>>;

/**
 * The operator's sender, with `beforeSend` run just before each of its sends (the front-runner's turn) and
 * `afterSend` once a transaction is handed to the node (its turn when it watches the mempool).
 */
class FrontRunSender extends TxSender {
  beforeSend: (request: SendRequest) => Promise<void> = async () => {};
  afterSend: (hash: Hash, label: string) => void = () => {};
  override async send(request: SendRequest) {
    await this.beforeSend(request);
    return super.send(request);
  }
}

/** Whether `request` carries the report and signatures to the oracle (the call a front-runner copies). */
const submits = (r: SendRequest) => r.functionName === "pushEpochWithReport" || r.functionName === "submitReport";

describe("oracle service: a front-runner relays the updater's own report first (F5)", function () {
  this.timeout(120_000);
  let pool: FakePool;

  before(async function () {
    pool = await startFakePool({ workers: { "s21-1": ["197.25", "199.75"] } });
  });
  after(async function () {
    await pool?.close();
  });

  /** The updater's context for `f` (steps "combined" or "separate"), its log records and its sender. */
  function updater(f: Fixture, steps: OracleFileConfig["steps"]) {
    const records: LogRecord[] = [];
    const log = createLogger({ write: () => {}, onRecord: (r) => records.push(r) });
    const config = parseOracleConfig(
      {
        steps,
        tx: { receiptTimeoutMs: 10_000, pollMs: 20 },
        pools: {
          fake: { type: "http", url: pool.url, hashrateUnit: "TH/s", earningsUnit: "coin", sampleInterval: 600 },
        },
        rigs: [{ rigId: 1, pool: "fake", worker: "s21-1" }],
      },
      path.join(ROOT, "oracle-frontrun.json"),
    );
    const pools = new Map([["fake", createPoolAdapter("fake", config.pools.fake, { log, retry: config.retry })]]);
    const builder = new ReportBuilder(f.publicClient, f.deployment, pools, new Map([[RIG, config.rigs[0]]]), log);
    const domain = oracleDomain(f.deployment.chainId, f.deployment.oracle);
    const sender = new FrontRunSender(
      f.publicClient,
      mnemonicToAccount(MNEMONIC, { addressIndex: OPERATOR }),
      chainFor(f.deployment.chainId, "http://127.0.0.1"),
      config.tx,
      log,
      { afterSend: (hash, label) => sender.afterSend(hash, label) },
    );
    const reporters = REPORTERS.slice(0, 3).map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
    const ctx: UpdaterContext = {
      client: f.publicClient,
      deployment: f.deployment,
      config,
      builder,
      domain,
      sources: [localSource(reporters, domain)],
      sender,
      dryRun: false,
      log,
    };
    return { ctx, rig: config.rigs[0], records, sender };
  }

  /** Relays `request`'s report and signatures to the oracle from the front-runner's account (mined at once). */
  async function frontRun(f: Fixture, request: SendRequest): Promise<EpochReport> {
    const [report, signatures] = request.args as [EpochReport, readonly Hash[]];
    await write(f.publicClient, f.frontRunner as never, f.deployment.oracle, hashrateOracleAbi, "submitReport", [
      report,
      signatures,
    ]);
    return report;
  }

  /**
   * Copies `request` (sitting in the mempool, automine off) into a submitReport with a far higher tip, then
   * mines one block: the copy goes first, the updater's transaction reverts on chain in the same block.
   */
  async function outbid(f: Fixture, request: SendRequest): Promise<EpochReport> {
    const [report, signatures] = request.args as [EpochReport, readonly Hash[]];
    await f.frontRunner.writeContract({
      address: f.deployment.oracle,
      abi: hashrateOracleAbi,
      functionName: "submitReport",
      args: [report, signatures],
      gas: 1_000_000n,
      maxFeePerGas: 1_000n * 10n ** 9n,
      maxPriorityFeePerGas: 100n * 10n ** 9n,
    });
    await connection.provider.request({ method: "evm_setAutomine", params: [true] });
    await connection.provider.request({ method: "evm_mine", params: [] });
    return report;
  }

  /** The rig's first epoch, with the chain moved past the end of `EPOCHS` epochs from it. */
  async function endEpochs(f: Fixture): Promise<bigint> {
    const [, , first] = await f.publicClient.readContract({
      address: f.deployment.distributor,
      abi: rewardDistributorAbi,
      functionName: "epochTerms",
      args: [RIG],
    });
    await networkHelpers.time.increaseTo((first + EPOCHS) * DAY + 600n);
    return first;
  }

  /** What the chain says was settled and accepted, and the rig's next epoch. */
  async function chainSays(f: Fixture) {
    const settled = await f.publicClient.getContractEvents({
      address: f.deployment.funder,
      abi: epochFunderAbi,
      eventName: "EpochSettled",
      args: { rigId: RIG },
      fromBlock: 0n,
    });
    const accepted = await f.publicClient.getContractEvents({
      address: f.deployment.oracle,
      abi: hashrateOracleAbi,
      eventName: "ReportAccepted",
      args: { rigId: RIG },
      fromBlock: 0n,
    });
    const relayers = await Promise.all(
      accepted.map(async (l) => getAddress((await f.publicClient.getTransaction({ hash: l.transactionHash })).from)),
    );
    const [, , nextEpoch] = await f.publicClient.readContract({
      address: f.deployment.distributor,
      abi: rewardDistributorAbi,
      functionName: "epochTerms",
      args: [RIG],
    });
    return {
      settled: settled.map((l) => l.args.epoch!),
      accepted: accepted.map((l) => ({ epoch: l.args.epoch!, reportHash: l.args.reportHash! })),
      relayers,
      nextEpoch,
    };
  }

  const epochsFrom = (first: bigint) => Array.from({ length: Number(EPOCHS) }, (_, i) => first + BigInt(i));
  const actions = (records: LogRecord[], action: string) => records.filter((r) => r.action === action);

  for (const steps of ["combined", "separate"] as const) {
    const call = steps === "combined" ? "pushEpochWithReport" : "submitReport";
    it(`pushes every epoch once when its ${call} is front-run with the same report ${EPOCHS} times in a row (${steps} steps)`, async function () {
      const f = await networkHelpers.loadFixture(frontRunFixture);
      const { ctx, rig, records, sender } = updater(f, steps);
      const relayed: EpochReport[] = [];
      sender.beforeSend = async (request) => {
        if (submits(request)) relayed.push(await frontRun(f, request));
      };
      const first = await endEpochs(f);
      const epochs = epochsFrom(first);

      const outcome = await processRig(ctx, rig);

      expect(outcome).to.deep.equal({ pushed: epochs, state: "up-to-date", nextEpoch: first + EPOCHS });
      expect(relayed.map((r) => r.epoch)).to.deep.equal(epochs);
      const chain = await chainSays(f);
      expect(chain.settled).to.deep.equal(epochs);
      expect(chain.nextEpoch).to.equal(first + EPOCHS);
      // Each report was accepted once, the front-runner's: the updater neither re-signed nor replaced it.
      expect(chain.accepted).to.deep.equal(relayed.map((r) => ({ epoch: r.epoch, reportHash: reportStructHash(r) })));
      expect(chain.relayers).to.deep.equal(epochs.map(() => getAddress(f.frontRunner.account.address)));
      // Taken as done, not as a race: no re-derivation, one already-submitted line per epoch, then pushEpoch.
      expect(actions(records, "state-changed")).to.deep.equal([]);
      expect(records.filter((r) => r.level === "warn" || r.level === "error")).to.deep.equal([]);
      expect(actions(records, "already-submitted").map((r) => [r.epoch, r.reportHash])).to.deep.equal(
        relayed.map((r) => [r.epoch, reportStructHash(r)]),
      );
      expect(actions(records, "submitted")).to.deep.equal([]);
      expect(actions(records, "pushed").map((r) => r.epoch)).to.deep.equal(epochs);
      // The reverting call was refused by the simulation: nothing but the pushes was sent (no gas wasted).
      expect(actions(records, "tx-sent").map((r) => r.label)).to.deep.equal(
        epochs.map((e) => `pushEpoch rig ${RIG} epoch ${e}`),
      );
    });
  }

  it(`pushes every epoch once when a mempool watcher outbids its pushEpochWithReport into the same block ${EPOCHS} times in a row`, async function () {
    const f = await networkHelpers.loadFixture(frontRunFixture);
    const { ctx, rig, records, sender } = updater(f, "combined");
    const relayed: Promise<EpochReport>[] = [];
    let watched: SendRequest | undefined;
    sender.beforeSend = async (request) => {
      if (!submits(request)) return;
      // Held in the mempool once sent (the simulation before it still sees no pending report).
      watched = request;
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
    };
    sender.afterSend = () => {
      if (watched) relayed.push(outbid(f, watched));
      watched = undefined;
    };
    const first = await endEpochs(f);
    const epochs = epochsFrom(first);

    let outcome;
    try {
      outcome = await processRig(ctx, rig);
    } finally {
      await connection.provider.request({ method: "evm_setAutomine", params: [true] });
    }
    const reports = await Promise.all(relayed);

    expect(outcome).to.deep.equal({ pushed: epochs, state: "up-to-date", nextEpoch: first + EPOCHS });
    const chain = await chainSays(f);
    expect(chain.settled).to.deep.equal(epochs);
    expect(chain.accepted).to.deep.equal(reports.map((r) => ({ epoch: r.epoch, reportHash: reportStructHash(r) })));
    expect(chain.relayers).to.deep.equal(epochs.map(() => getAddress(f.frontRunner.account.address)));
    // Each pushEpochWithReport was sent, mined after the copy and reverted; then pushEpoch settled the epoch.
    expect(actions(records, "tx-sent").map((r) => r.label)).to.deep.equal(
      epochs.flatMap((e) => [`pushEpochWithReport rig ${RIG} epoch ${e}`, `pushEpoch rig ${RIG} epoch ${e}`]),
    );
    expect(actions(records, "tx-mined").map((r) => r.status)).to.deep.equal(
      epochs.flatMap(() => ["reverted", "success"]),
    );
    expect(actions(records, "state-changed")).to.deep.equal([]);
    expect(actions(records, "already-submitted").map((r) => r.epoch)).to.deep.equal(epochs);
    expect(actions(records, "pushed").map((r) => r.epoch)).to.deep.equal(epochs);
  });
});
