// End to end: the oracle updater against a real `hardhat node` over JSON-RPC, the fake pool on a loopback
// port, two signer-only processes (`--role signer`) and the relayer, run as child processes. Over a week
// of daily epochs: bad configuration is refused, a dry run sends nothing, finished epochs are caught up,
// the updater is SIGKILLed between submitReport and pushEpoch and right after sending a push (no double
// push, no gap), the RPC goes away and comes back (retries, then success), and a pool outage drops the
// uptime and makes the bond pay an exact SLA refund.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { type Address, type Hex, keccak256, maxUint256, toHex } from "viem";

import { type FakePool, startFakePool } from "../../scripts/fake-pool.js";
import {
  BTC,
  DAY,
  type Deployed,
  type HardhatNode,
  type LogLine,
  OPERATOR_ROLE,
  type OracleRun,
  TcpProxy,
  accountAddress,
  accountKey,
  addressBook,
  deployAll,
  freePort,
  rpc,
  runOracle,
  spawnOracle,
  startHardhatNode,
  write,
} from "./helpers.js";

const TH = 10n ** 12n;
const RIG = 1n;
const NOMINAL = 200n * TH;
const TARIFF = 60n; // sats per kWh
const FEE_BPS = 200n;
const SLA_BPS = 9_200n;
const BOND = 1_000_000n;
const TOKEN = "e2e-signer-token";
// A full day of the fake pool's worker: 144 samples alternating 197.25 / 199.75 TH/s, 0.00011796 BTC.
const FULL = { deliveredHashrate: 198_500_000_000_000n, uptimeBps: 10_000n, grossReward: 11_796n, energyWh: 84_000n };
const FULL_NET = 11_796n - 84n * TARIFF - (11_796n * FEE_BPS) / 10_000n; // 11,796 − 5,040 − 235 = 6,521

describe("oracle service: end to end (hardhat node, fake pool, signer processes)", function () {
  this.timeout(180_000);

  let node: HardhatNode;
  let proxy: TcpProxy;
  let pool: FakePool;
  let d: Deployed;
  let dir: string;
  let e0: bigint;
  const signers: OracleRun[] = [];
  const signerUrls: string[] = [];
  const configs: Record<string, string> = {};

  const setChainTime = async (t: bigint) => {
    await rpc(node.url, "evm_setNextBlockTimestamp", [Number(t)]);
    await rpc(node.url, "evm_mine");
  };
  const chainTime = async () =>
    BigInt((await rpc<{ timestamp: Hex }>(node.url, "eth_getBlockByNumber", ["latest", false])).timestamp);
  const read = <T>(
    address: Address,
    abi: Deployed["abis"][keyof Deployed["abis"]],
    functionName: string,
    args: unknown[] = [],
  ) => d.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const nextEpoch = async () =>
    (
      await read<readonly [Address, bigint, bigint, bigint]>(d.distributor, d.abis.RewardDistributor, "epochTerms", [
        RIG,
      ])
    )[2];
  const pushes = async () =>
    (
      await d.publicClient.getContractEvents({
        address: d.distributor,
        abi: d.abis.RewardDistributor,
        eventName: "EpochPushed",
        fromBlock: d.deploymentBlock,
      })
    ).map((e) => (e as unknown as { args: { epoch: bigint; amount: bigint } }).args);
  const operatorNonce = () => d.publicClient.getTransactionCount({ address: accountAddress(1) });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    RIGSHARE_DEPLOYMENTS_DIR: dir,
    RIGSHARE_OPERATOR_KEY: accountKey(1),
    RIGSHARE_REPORTER_KEYS: accountKey(13),
    E2E_SIGNER_TOKEN: TOKEN,
    ...extra,
  });
  const relayerArgs = (config = "relayer", ...more: string[]) => [
    "--network",
    "localhost",
    "--rpc-url",
    proxy.url,
    "--config",
    configs[config],
    "--json",
    ...more,
  ];
  const actions = (lines: LogLine[], action: string) => lines.filter((l) => l.action === action);
  const signed = async () =>
    Promise.all(
      signerUrls.map(
        async (u) =>
          (
            (await (await fetch(`${u}/v1/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
              signed: number;
            }
          ).signed,
      ),
    );

  before(async function () {
    node = await startHardhatNode();
    proxy = new TcpProxy(await freePort(), node.port);
    await proxy.start();
    d = await deployAll(node.url, { reporters: [10, 11, 12, 13, 14].map(accountAddress), threshold: 3 });

    const admin = d.wallets(0);
    const operator = d.wallets(1);
    const holder = d.wallets(2);
    await write(d.publicClient, admin, d.shares, d.abis.RigShares, "grantRole", [OPERATOR_ROLE, accountAddress(1)]);
    await write(d.publicClient, admin, d.wbtc, d.abis.TestERC20, "mint", [accountAddress(1), 10n * BTC]);
    await write(d.publicClient, admin, d.usdc, d.abis.TestERC20, "mint", [accountAddress(2), 1_000_000n * 10n ** 6n]);
    await write(d.publicClient, operator, d.wbtc, d.abis.TestERC20, "approve", [d.funder, maxUint256]);
    await write(d.publicClient, operator, d.shares, d.abis.RigShares, "registerRig", [
      {
        name: "Antminer S21 #1",
        algorithm: 0,
        hashrate: NOMINAL,
        powerWatts: 3_500,
        totalShares: 1_000n,
        pricePerShare: 100n * 10n ** 6n,
        paymentToken: d.usdc,
        payoutToken: d.wbtc,
        epochLength: Number(DAY),
        maxEpochPayout: BTC,
        royaltyBps: 500,
      },
    ]);
    await write(d.publicClient, operator, d.shares, d.abis.RigShares, "setSaleOpen", [RIG, true]);
    // Terms before the sale: configureRig is refused once a share exists.
    await write(d.publicClient, operator, d.funder, d.abis.EpochFunder, "configureRig", [
      RIG,
      TARIFF,
      FEE_BPS,
      SLA_BPS,
      100_000n,
    ]);
    await write(d.publicClient, holder, d.usdc, d.abis.TestERC20, "approve", [d.shares, maxUint256]);
    await write(d.publicClient, holder, d.shares, d.abis.RigShares, "mint", [RIG, 400n]);
    await write(d.publicClient, operator, d.funder, d.abis.EpochFunder, "depositBond", [RIG, BOND]);
    e0 = (await chainTime()) / DAY;

    dir = await mkdtemp(path.join(os.tmpdir(), "oracle-e2e-"));
    await writeFile(path.join(dir, `${d.chainId}.json`), JSON.stringify(addressBook(d), null, 2));
    pool = await startFakePool({ workers: { "s21-1": ["197.25", "199.75"] } });
    const signerPorts = [await freePort(), await freePort()];
    signerUrls.push(...signerPorts.map((p) => `http://127.0.0.1:${p}`));
    const base = {
      chainId: 31_337,
      retry: { attempts: 6, baseDelayMs: 200, maxDelayMs: 1_600 },
      tx: { receiptTimeoutMs: 10_000, pollMs: 50 },
      pools: { fake: { type: "http", url: pool.url, hashrateUnit: "TH/s", earningsUnit: "coin", sampleInterval: 600 } },
      rigs: [{ rigId: 1, pool: "fake", worker: "s21-1" }],
    };
    const files: Record<string, unknown> = {
      relayer: { ...base, signers: signerUrls.map((url) => ({ url, tokenEnv: "E2E_SIGNER_TOKEN" })) },
      separate: {
        ...base,
        steps: "separate",
        signers: signerUrls.map((url) => ({ url, tokenEnv: "E2E_SIGNER_TOKEN" })),
      },
      wrongChain: { ...base, chainId: 1 },
      deadPool: { ...base, pools: { fake: { ...base.pools.fake, url: `http://127.0.0.1:${await freePort()}` } } },
      signerA: { ...base, signer: { port: signerPorts[0] } },
      signerB: { ...base, signer: { port: signerPorts[1] } },
    };
    for (const [name, json] of Object.entries(files)) {
      configs[name] = path.join(dir, `${name}.json`);
      await writeFile(configs[name], JSON.stringify(json, null, 2));
    }
    await writeFile(path.join(dir, "chain5.json"), JSON.stringify({ ...addressBook(d), chainId: 5 }));

    // Reporters #10 and #11 share one signer process, #12 runs its own; the relayer holds #13's key.
    for (const [name, keys] of [
      ["signerA", [10, 11]],
      ["signerB", [12]],
    ] as const) {
      const run = spawnOracle(
        ["--network", "localhost", "--rpc-url", node.url, "--config", configs[name], "--role", "signer", "--json"],
        {
          RIGSHARE_DEPLOYMENTS_DIR: dir,
          RIGSHARE_REPORTER_KEYS: keys.map(accountKey).join(","),
          RIGSHARE_SIGNER_TOKEN: TOKEN,
        },
      );
      signers.push(run);
    }
    await Promise.all(signers.map((s) => s.waitFor((l) => l.action === "start")));
  });

  after(async function () {
    for (const s of signers) if (s.proc.exitCode === null) s.proc.kill("SIGTERM");
    await Promise.all(signers.map((s) => s.exited));
    await pool?.close();
    await proxy?.stop();
    await node?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("deploys and wires the oracle and the funder through deploy/OracleModule.ts", async function () {
    expect(await read(d.oracle, d.abis.HashrateOracle, "consumer")).to.equal(d.funder);
    expect(await read(d.distributor, d.abis.RewardDistributor, "funder")).to.equal(d.funder);
    expect(await read(d.shares, d.abis.RigShares, "hasRole", [keccak256(toHex("ECONOMICS_ROLE")), d.funder])).to.equal(
      true,
    );
    expect(await read(d.oracle, d.abis.HashrateOracle, "reporterSet")).to.deep.equal([5n, 3n]);
    expect(await read(d.oracle, d.abis.HashrateOracle, "network", [d.wbtc])).to.deep.equal({
      difficulty: 110_000_000_000_000n,
      blockReward: 322_500_000n,
      style: 0,
    });
  });

  it("refuses bad configuration with one clear line on stderr and exit code 2", async function () {
    const noKey = env();
    delete noKey.RIGSHARE_OPERATOR_KEY;
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [
        ["--network", "nowhere", "--config", configs.relayer],
        env(),
        /^oracle: unknown network "nowhere" \(have: .*localhost.*\)$/,
      ],
      [
        relayerArgs().filter((a) => a !== "--json"),
        noKey,
        /^oracle: RIGSHARE_OPERATOR_KEY is not set \(environment variable or Hardhat keystore\)/,
      ],
      [
        relayerArgs("wrongChain").filter((a) => a !== "--json"),
        env(),
        /^oracle: wrong chain id: network "localhost" expects chain 1 but the RPC at http:\/\/127\.0\.0\.1:\d+ is chain 31337$/,
      ],
      [
        [...relayerArgs().filter((a) => a !== "--json"), "--deployments", path.join(dir, "chain5.json")],
        env(),
        /^oracle: wrong chain: the RPC is chain 31337 but .*chain5\.json is a deployment on chain 5$/,
      ],
      [
        relayerArgs("deadPool").filter((a) => a !== "--json"),
        env(),
        /^oracle: pool fake \(http:\/\/127\.0\.0\.1:\d+\) is unreachable: ECONNREFUSED$/,
      ],
    ];
    const before = await operatorNonce();
    const results = await Promise.all(cases.map(([args, e]) => runOracle(args, e)));
    results.forEach((r, i) => {
      expect(r.code, r.stderr).to.equal(2);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines, r.stderr).to.have.length(1);
      expect(lines[0]).to.match(cases[i][2]);
    });
    // With --json the one line is a JSON object.
    const jsonRun = await runOracle(relayerArgs("wrongChain"), env());
    expect(jsonRun.code).to.equal(2);
    expect(JSON.parse(jsonRun.stderr)).to.deep.include({ level: "fatal", action: "fatal" });
    expect(await operatorNonce()).to.equal(before);
  });

  it("waits while the rig's first epoch is still running", async function () {
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "up-to-date")[0]).to.deep.include({
      rigId: "1",
      nextEpoch: e0.toString(),
      readyAt: ((e0 + 1n) * DAY).toString(),
    });
    expect(actions(r.lines, "tx-sent")).to.have.length(0);
  });

  it("prints what it would do in a dry run, without the operator key, and sends nothing", async function () {
    await setChainTime((e0 + 2n) * DAY + 3_600n);
    const noKey = env();
    delete noKey.RIGSHARE_OPERATOR_KEY;
    const before = await operatorNonce();
    const r = await runOracle(relayerArgs("relayer", "--dry-run"), noKey);
    expect(r.code, r.stderr).to.equal(0);
    const dry = actions(r.lines, "dry-run");
    expect(dry[0]).to.deep.include({
      epoch: e0.toString(),
      would: "pushEpochWithReport",
      gross: "11796",
      electricity: "5040",
      serviceFee: "235",
      slaRefund: "0",
      net: FULL_NET.toString(),
    });
    expect(dry[1]).to.deep.include({ would: "continue", epochsAfter: "1" });
    expect(actions(r.lines, "tx-sent")).to.have.length(0);
    expect(await operatorNonce()).to.equal(before);
    expect(await nextEpoch()).to.equal(e0);
  });

  it("catches up on every finished epoch, signed 3-of-5 by its own key and two signer processes, each pushed once", async function () {
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "pushed").map((l) => [l.epoch, l.net, l.slaRefund])).to.deep.equal([
      [e0.toString(), FULL_NET.toString(), "0"],
      [(e0 + 1n).toString(), FULL_NET.toString(), "0"],
    ]);
    expect(actions(r.lines, "report")[0]).to.deep.include({
      deliveredHashrate: "198500000000000",
      uptimeBps: "10000",
      grossReward: "11796",
      energyWh: "84000",
      samples: 144,
    });
    const sources = new Set(actions(r.lines, "signature").map((l) => l.source));
    expect([...sources].sort()).to.deep.equal(["local", ...signerUrls].sort());
    const ordered = actions(r.lines, "signatures")[0].signers as string[];
    expect(ordered.map((a) => BigInt(a))).to.deep.equal(ordered.map((a) => BigInt(a)).sort((a, b) => (a < b ? -1 : 1)));
    expect((await pushes()).map((p) => [p.epoch, p.amount])).to.deep.equal([
      [e0, FULL_NET],
      [e0 + 1n, FULL_NET],
    ]);
    const accepted = await d.publicClient.getContractEvents({
      address: d.oracle,
      abi: d.abis.HashrateOracle,
      eventName: "ReportAccepted",
      fromBlock: d.deploymentBlock,
    });
    expect((accepted[0] as unknown as { args: { report: unknown } }).args.report).to.deep.equal({
      rigId: RIG,
      epoch: e0,
      ...FULL,
    });
  });

  it("does nothing when run again: the chain says everything finished is pushed", async function () {
    const before = await operatorNonce();
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "up-to-date")[0]).to.deep.include({ nextEpoch: (e0 + 2n).toString() });
    expect(actions(r.lines, "report")).to.have.length(0);
    expect(await operatorNonce()).to.equal(before);
  });

  it("resumes after a SIGKILL between submitReport and pushEpoch by pushing the accepted report, not re-signing it", async function () {
    await setChainTime((e0 + 3n) * DAY + 600n);
    const killed = await runOracle(
      relayerArgs("separate", "--once"),
      env({ RIGSHARE_ORACLE_CRASH_AT: "after-submit" }),
    );
    expect(killed.signal).to.equal("SIGKILL");
    expect(actions(killed.lines, "submitted")[0]).to.deep.include({ epoch: (e0 + 2n).toString() });
    expect(actions(killed.lines, "crash-point")[0]).to.deep.include({ point: "after-submit" });
    expect(await read(d.oracle, d.abis.HashrateOracle, "pendingReport", [RIG])).to.not.equal(`0x${"0".repeat(64)}`);
    expect(await nextEpoch()).to.equal(e0 + 2n);

    const signedBefore = await signed();
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "pending-report")[0]).to.deep.include({ epoch: (e0 + 2n).toString() });
    expect(actions(r.lines, "tx-sent").map((l) => l.label)).to.deep.equal([`pushEpoch rig 1 epoch ${e0 + 2n}`]);
    expect(actions(r.lines, "signatures")).to.have.length(0);
    expect(await signed()).to.deep.equal(signedBefore);
    expect((await pushes()).filter((p) => p.epoch === e0 + 2n)).to.have.length(1);
    expect(await nextEpoch()).to.equal(e0 + 3n);
  });

  it("resumes after a SIGKILL right after sending a push without pushing the epoch twice", async function () {
    await setChainTime((e0 + 4n) * DAY + 600n);
    const killed = await runOracle(
      relayerArgs("relayer", "--once"),
      env({ RIGSHARE_ORACLE_CRASH_AT: `after-send@${e0 + 3n}` }),
    );
    expect(killed.signal).to.equal("SIGKILL");
    expect(actions(killed.lines, "tx-sent")).to.have.length(1);
    expect(actions(killed.lines, "pushed")).to.have.length(0);
    const before = await operatorNonce();
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "up-to-date")[0]).to.deep.include({ nextEpoch: (e0 + 4n).toString() });
    expect(await operatorNonce()).to.equal(before);
    expect((await pushes()).filter((p) => p.epoch === e0 + 3n)).to.have.length(1);
  });

  it("rides out an RPC outage: retries with growing delays, then pushes once the RPC is back", async function () {
    const daemon = spawnOracle(relayerArgs("relayer", "--interval", "0.3"), env());
    try {
      await daemon.waitFor((l) => l.action === "up-to-date" && l.nextEpoch === (e0 + 4n).toString());
      await proxy.stop();
      await setChainTime((e0 + 5n) * DAY + 600n);
      await daemon.waitFor(() => actions(daemon.lines, "rpc-retry").length >= 3, 20_000);
      await proxy.start();
      const pushed = await daemon.waitFor((l) => l.action === "pushed" && l.epoch === (e0 + 4n).toString(), 30_000);
      expect(pushed.net).to.equal(FULL_NET.toString());
      await daemon.waitFor((l) => l.action === "up-to-date" && l.nextEpoch === (e0 + 5n).toString());
    } finally {
      daemon.proc.kill("SIGTERM");
    }
    const { code } = await daemon.exited;
    expect(code).to.equal(0);
    expect(actions(daemon.lines, "stop")).to.have.length(1);
    const retries = actions(daemon.lines, "rpc-retry");
    expect(retries[0].error).to.match(/^(ECONNREFUSED|ECONNRESET)$/);
    // Exponential: retry n of a request waits 200 × 2^(n−1) ms (capped at 1,600), plus at most 10% jitter.
    expect(retries.map((l) => l.attempt)).to.include.members([1, 2, 3]);
    for (const l of retries) {
      const base = Math.min(1_600, 200 * 2 ** (Number(l.attempt) - 1));
      expect(Number(l.delayMs), `retry ${l.attempt}`).to.be.within(base, base * 1.1 + 1);
    }
    expect((await pushes()).filter((p) => p.epoch === e0 + 4n)).to.have.length(1);
  });

  it("reports a pool outage as lower uptime and pays the exact SLA refund from the bond", async function () {
    const start = Number((e0 + 5n) * DAY);
    // 06:00–08:00 the pool reports 0 TH/s, 08:00–10:00 no samples at all: 24 of 144 slots down.
    pool.options.outages.push(
      { from: start + 6 * 3_600, to: start + 8 * 3_600, mode: "zero" },
      { from: start + 8 * 3_600, to: start + 10 * 3_600, mode: "missing" },
    );
    await setChainTime((e0 + 6n) * DAY + 600n);
    const bondBefore = ((await read(d.funder, d.abis.EpochFunder, "terms", [RIG])) as { bond: bigint }).bond;

    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);

    const delivered = ((60n * 197_250n + 60n * 199_750n) * 10n ** 9n) / 144n; // 165,416,666,666,666 H/s
    const uptime = (120n * 10_000n) / 144n; // 8,333 bps
    const energy = (3_500n * 86_400n * uptime) / 36_000_000n; // 69,997 Wh
    const gross = (11_796n * 120n) / 144n; // 9,830 sats: the pool credits only the up time
    const electricity = (energy * TARIFF) / 1_000n; // 4,199
    const fee = (gross * FEE_BPS) / 10_000n; // 196
    const net = gross - electricity - fee; // 5,435
    const refund = (gross * (NOMINAL - delivered)) / delivered; // below 92% of nominal: missing hashrate at gross per hash
    expect([delivered, uptime, energy, gross, electricity, fee, net, refund]).to.deep.equal([
      165_416_666_666_666n,
      8_333n,
      69_997n,
      9_830n,
      4_199n,
      196n,
      5_435n,
      2_055n,
    ]);

    const accepted = await d.publicClient.getContractEvents({
      address: d.oracle,
      abi: d.abis.HashrateOracle,
      eventName: "ReportAccepted",
      args: { rigId: RIG, epoch: e0 + 5n },
      fromBlock: d.deploymentBlock,
    });
    expect((accepted[0] as unknown as { args: { report: unknown } }).args.report).to.deep.equal({
      rigId: RIG,
      epoch: e0 + 5n,
      deliveredHashrate: delivered,
      uptimeBps: uptime,
      grossReward: gross,
      energyWh: energy,
    });
    const settled = await d.publicClient.getContractEvents({
      address: d.funder,
      abi: d.abis.EpochFunder,
      eventName: "EpochSettled",
      args: { rigId: RIG, epoch: e0 + 5n },
      fromBlock: d.deploymentBlock,
    });
    expect(settled).to.have.length(1);
    expect((settled[0] as unknown as { args: { breakdown: unknown } }).args.breakdown).to.deep.equal({
      epoch: e0 + 5n,
      gross,
      electricity,
      serviceFee: fee,
      debtIn: 0n,
      debtOut: 0n,
      slaRefund: refund,
      net,
    });
    expect(((await read(d.funder, d.abis.EpochFunder, "terms", [RIG])) as { bond: bigint }).bond).to.equal(
      bondBefore - refund,
    );
    expect((await pushes()).find((p) => p.epoch === e0 + 5n)!.amount).to.equal(net + refund);
    expect(actions(r.lines, "pushed")[0]).to.deep.include({ slaRefund: refund.toString(), net: net.toString() });
  });

  it("has pushed a whole week: seven consecutive epochs, each exactly once, nothing pending", async function () {
    await setChainTime((e0 + 7n) * DAY + 600n);
    const r = await runOracle(relayerArgs("relayer", "--once"), env());
    expect(r.code, r.stderr).to.equal(0);
    expect(actions(r.lines, "pushed").map((l) => l.epoch)).to.deep.equal([(e0 + 6n).toString()]);

    const all = await pushes();
    expect(all.map((p) => p.epoch)).to.deep.equal([0n, 1n, 2n, 3n, 4n, 5n, 6n].map((i) => e0 + i));
    expect(all.reduce((sum, p) => sum + p.amount, 0n)).to.equal(6n * FULL_NET + 5_435n + 2_055n);
    expect(await nextEpoch()).to.equal(e0 + 7n);
    expect(await read(d.oracle, d.abis.HashrateOracle, "pendingReport", [RIG])).to.equal(`0x${"0".repeat(64)}`);
    expect(await read(d.oracle, d.abis.HashrateOracle, "epochsBehind", [RIG])).to.equal(0n);
    expect(await read(d.oracle, d.abis.HashrateOracle, "isStale", [RIG])).to.equal(false);
  });
});
