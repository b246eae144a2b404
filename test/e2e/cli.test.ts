// End to end: a real `hardhat node` on a free port, the protocol and its oracle (HashrateOracle +
// EpochFunder) deployed over JSON-RPC with the Ignition modules (scripts/deploy.ts --seed), a whole
// lifecycle driven through the `rigshare` CLI as a subprocess (register, open the sale, mint, push an
// epoch from a signed report, claim, split/merge, transfer, positions, withdraw proceeds, --json parsed),
// the oracle flow (oracle status, terms, bond, backup, a signed report pushed, ROI from on-chain terms),
// the market (list, a partial buy, a rental, proceeds withdrawn, bad orders refused),
// the bad-input cases (exit code, one-line message, no block mined), and a re-run of the deployment that
// sends nothing and yields the same addresses.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { type Address, type Hex, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { epochReportTypedData } from "../../sdk/actions/signEpochReport.js";
import { parseCsvObjects } from "../../sdk/csv.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const ENV_PATH = `${BIN}${path.delimiter}${process.env.PATH ?? ""}`;

// Hardhat's public test accounts (the node's default mnemonic).
const KEYS = {
  operator: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", // #1, seeded operator
  alice: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", // #2, 1,000,000 USDC
  bob: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6", // #3, 1,000,000 USDC
  stranger: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e", // #6, no USDC
} as const;
const ADDRESSES = {
  operator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  alice: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  bob: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  stranger: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
} as const;
type Who = keyof typeof KEYS;
/** Hardhat accounts #10-#12: three of the five reporters of deploy/parameters/localhost.json (3 of 5). */
const REPORTER_KEYS = [
  "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
  "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
  "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
] as const;

type Report = {
  rigId: bigint;
  epoch: bigint;
  deliveredHashrate: bigint;
  uptimeBps: bigint;
  grossReward: bigint;
  energyWh: bigint;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Result = { code: number; stdout: string; stderr: string };

function run(file: string, args: string[], env: Record<string, string | undefined>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env, PATH: ENV_PATH, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("end to end: hardhat node, Ignition deployment and the rigshare CLI", function () {
  this.timeout(240_000);

  let node: ChildProcess | undefined;
  let rpcUrl = "";
  let tmp = "";
  const deploymentId = `e2e-${process.pid}-${Date.now()}`;

  const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
    return body.result;
  };
  const blockNumber = async () => BigInt((await rpc("eth_blockNumber")) as string);
  const deploy = (...extra: string[]) =>
    run(
      path.join(BIN, "tsx"),
      [
        "scripts/deploy.ts",
        "--network",
        "localhost",
        "--rpc-url",
        rpcUrl,
        "--deployment-id",
        deploymentId,
        "--out-dir",
        path.join(tmp, "deployments"),
        "--no-compile",
        "--json",
        ...extra,
      ],
      {},
    );
  /** Runs the CLI's bin as `who` (or without an account). */
  const cli = (who: Who | undefined, ...args: string[]) =>
    run(process.execPath, [path.join(ROOT, "cli", "bin.js"), "--network", "localhost", "--rpc-url", rpcUrl, ...args], {
      RIGSHARE_DEPLOYMENTS_DIR: path.join(tmp, "deployments"),
      RIGSHARE_CACHE_DIR: path.join(tmp, "cache"),
      RIGSHARE_PRIVATE_KEY: who ? KEYS[who] : undefined,
      RIGSHARE_RPC_URL: undefined,
    });
  /** Runs a CLI command expected to succeed with --json and returns the parsed output. */
  const ok = async <T = Record<string, unknown>>(who: Who | undefined, ...args: string[]): Promise<T> => {
    const r = await cli(who, ...args, "--json");
    expect(r.code, `rigshare ${args.join(" ")}\n${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as T;
  };
  /** Runs a CLI command expected to fail: exit code, exactly one stderr line, and no block mined. */
  const fails = async (who: Who | undefined, args: string[], code: number, message: string | RegExp) => {
    const before = await blockNumber();
    const r = await cli(who, ...args);
    // A stale-ABI warning (checked by the first test) would be a line of its own: not part of the error.
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((line) => !line.startsWith("warning:"));
    expect(r.code, `rigshare ${args.join(" ")}: ${r.stderr}`).to.equal(code);
    expect(lines, `rigshare ${args.join(" ")}`).to.have.length(1);
    if (typeof message === "string") expect(lines[0]).to.equal(`rigshare: ${message}`);
    else expect(lines[0]).to.match(message);
    expect(await blockNumber(), `rigshare ${args.join(" ")} sent a transaction`).to.equal(before);
    return r;
  };

  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-e2e-"));
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    node = spawn(path.join(BIN, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: ROOT,
      env: { ...process.env, PATH: ENV_PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("hardhat node did not start within 90 s")), 90_000);
      let output = "";
      node!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Started HTTP")) {
          clearTimeout(timer);
          resolve();
        }
      });
      node!.once("exit", (code) => reject(new Error(`hardhat node exited with ${code}: ${output}`)));
    });
  });

  after(async function () {
    if (node?.pid !== undefined && node.exitCode === null) {
      const exited = new Promise((resolve) => node!.once("exit", resolve));
      node.kill("SIGTERM");
      const timer = setTimeout(() => node!.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(path.join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** Writes `report` to a JSON file (base units as strings) and returns its path. */
  const reportFile = async (name: string, report: Report): Promise<string> => {
    const file = path.join(tmp, `${name}.json`);
    await writeFile(
      file,
      JSON.stringify(report, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    );
    return file;
  };
  /** EIP-712 signatures of `report` by the given private keys, comma-separated (in any order: the SDK sorts). */
  const signatures = async (report: Report, keys: readonly string[]): Promise<string> => {
    const typed = epochReportTypedData({
      chainId: 31337,
      oracle: book.contracts.HashrateOracle.address as Address,
      report,
    });
    const signed = await Promise.all(keys.map((key) => privateKeyToAccount(key as Hex).signTypedData(typed)));
    return signed.join(",");
  };

  type Book = {
    chainId: number;
    deploymentBlock: number;
    abiVersion: string;
    contracts: Record<string, { address: string }>;
    tokens: Record<string, { address: string }>;
    seed: { rigId: number };
  };
  let book: Book;

  it("deploys the protocol and the demo seed with the Ignition modules over JSON-RPC", async function () {
    const r = await deploy("--seed");
    expect(r.code, r.stderr).to.equal(0);
    book = JSON.parse(r.stdout) as Book;
    expect(book.chainId).to.equal(31337);
    expect(book.seed).to.deep.equal({ rigId: 1 });
    expect(Object.keys(book.contracts)).to.deep.equal([
      "ShareRenderer",
      "RigShares",
      "RewardDistributor",
      "HashrateOracle",
      "EpochFunder",
      "ShareMarket",
    ]);
    expect(Object.keys(book.tokens)).to.deep.equal(["USDC", "WBTC"]);
    for (const c of Object.values(book.contracts))
      expect(await rpc("eth_getCode", [c.address, "latest"])).to.not.equal("0x");
    const info = await ok<Book & { abiVersionMatches: boolean }>(undefined, "deploy", "info");
    expect(info.contracts).to.deep.equal(book.contracts);
    expect(info.abiVersionMatches).to.equal(true);
    const rigs = await ok<{ rigId: string; name: string; saleOpen: boolean }[]>(undefined, "rigs");
    expect(rigs.map((x) => [x.rigId, x.name, x.saleOpen])).to.deep.equal([["1", "Antminer S21 #1", true]]);
  });

  it("drives a rig's lifecycle through the CLI with exact amounts", async function () {
    const registered = await ok(
      "operator",
      ...[
        "rig",
        "register",
        "--name",
        "E2E Rig",
        "--algorithm",
        "sha256",
        "--hashrate",
        "200T",
        "--power",
        "3500",
        "--shares",
        "500",
      ],
      ...[
        "--price",
        "50",
        "--payment-token",
        "USDC",
        "--payout-token",
        "WBTC",
        "--epoch-length",
        "1h",
        "--max-payout",
        "1",
        "--royalty-bps",
        "300",
      ],
    );
    expect(registered.rigId).to.equal("2");
    expect(await ok("operator", "sale", "open", "2")).to.include({ rigId: "2", saleOpen: true });

    const a = await ok("alice", "mint", "2", "300", "--yes");
    expect(a).to.include({ positionId: "2000000000001", cost: "15000000000", fee: "375000000" });
    expect(a.approvalHash).to.match(/^0x[0-9a-f]{64}$/);
    const b = await ok("bob", "mint", "2", "200", "--yes");
    expect(b.positionId).to.equal("2000000000002");

    // The stranger has no USDC; alice's exact approval was used up; rig 2 is now sold out.
    await fails(
      "stranger",
      ["mint", "1", "2", "--yes"],
      1,
      `Insufficient balance: ${ADDRESSES.stranger} holds 0 USDC, needs 6.8 USDC`,
    );
    await fails(
      "alice",
      ["mint", "1", "1", "--yes", "--no-approve"],
      1,
      `Insufficient allowance: ${book.contracts.RigShares.address} may spend 0 USDC of ${ADDRESSES.alice}'s tokens, needs 3.4 USDC`,
    );
    await fails("alice", ["mint", "2", "1", "--yes"], 1, "Rig 2 sold out: 0 shares left, 1 requested");

    // Wait (in chain time) for the epoch to end, push its signed report (360 sat gross, within twice the 353
    // sat an hour 200 TH/s is expected to mine at the seeded late-2025 network; rig 2 has no terms,
    // so all of it is net: 10^17 per second, exactly), and let it stream completely.
    const rig = await ok<{ nextEpoch: string; epochLength: string }>(undefined, "rig", "2");
    const endsAt = (BigInt(rig.nextEpoch) + 1n) * BigInt(rig.epochLength);
    const report: Report = {
      rigId: 2n,
      epoch: BigInt(rig.nextEpoch),
      deliveredHashrate: 200n * 10n ** 12n,
      uptimeBps: 10_000n,
      grossReward: 360n,
      energyWh: 3_500n,
    };
    const file = await reportFile("rig2", report);
    const sigs = await signatures(report, REPORTER_KEYS);
    await fails(
      "operator",
      ["epoch", "push", "2", "--report", file, "--signatures", sigs, "--yes"],
      1,
      `Epoch ${rig.nextEpoch} of rig 2 has not ended yet: it cannot be reported`,
    );
    await rpc("evm_mine", [Number(endsAt)]);
    const pushed = await ok<{ epoch: string; breakdown: Record<string, string>; streamed: string }>(
      "operator",
      ...["epoch", "push", "2", "--report", file, "--signatures", sigs, "--yes"],
    );
    expect(pushed.epoch).to.equal(rig.nextEpoch);
    expect(pushed.streamed).to.equal("360");
    expect(pushed.breakdown).to.include({ gross: "360", electricity: "0", serviceFee: "0", net: "360" });
    await rpc("evm_increaseTime", [3_600]);
    await rpc("evm_mine");

    // 360 sat over 500 shares: alice's 300 earn 216, bob's 200 earn 144, to the base unit.
    type Positions = {
      positions: { positionId: string; shares: string; pendingReward: string; payoutSymbol: string }[];
    };
    const mine = await ok<Positions>("alice", "positions");
    expect(mine.positions.map((p) => [p.positionId, p.shares, p.pendingReward, p.payoutSymbol])).to.deep.equal([
      ["2000000000001", "300", "216", "WBTC"],
    ]);
    expect((await ok("alice", "claim", "--yes")).paid).to.equal("216");

    const split = await ok("alice", "split", "2000000000001", "100");
    expect(split.newPositionId).to.equal("2000000000003");
    expect((await ok<Positions>("alice", "positions")).positions.map((p) => [p.positionId, p.shares])).to.deep.equal([
      ["2000000000001", "200"],
      ["2000000000003", "100"],
    ]);
    await ok("alice", "merge", "2000000000001", "2000000000003");
    await ok("alice", "transfer", "2000000000001", ADDRESSES.bob, "--yes");
    const bobs = await ok<Positions>("bob", "positions", ADDRESSES.bob);
    expect(bobs.positions.map((p) => [p.positionId, p.shares, p.pendingReward])).to.deep.equal([
      ["2000000000001", "300", "0"],
      ["2000000000002", "200", "144"],
    ]);
    expect((await ok<Positions>(undefined, "positions", ADDRESSES.alice)).positions).to.deep.equal([]);
    expect((await ok("bob", "claim", "2000000000002", "--yes")).paid).to.equal("144");
    expect(await ok("bob", "claim", "--balance", "WBTC", "--yes")).to.include({ paid: "0", symbol: "WBTC" });

    // 500 shares × 50 USDC, less the 2.5% protocol fee.
    const withdrawn = await ok<{ withdrawn: { symbol: string; amount: string }[] }>(
      "operator",
      "proceeds",
      "withdraw",
      "--yes",
    );
    expect(withdrawn.withdrawn.map((w) => [w.symbol, w.amount])).to.deep.equal([["USDC", "24375000000"]]);
    await fails("operator", ["proceeds", "withdraw", "--yes"], 1, `nothing to withdraw for ${ADDRESSES.operator}`);
    await ok("bob", "burn", "2000000000001", "--yes");
    expect((await ok("operator", "sale", "close", "2")).saleOpen).to.equal(false);

    const roi = await ok(
      undefined,
      "roi",
      "2",
      "--coin-price",
      "65000",
      "--difficulty",
      "1e14",
      "--reward",
      "3.125",
      "--pool-fee-bps",
      "200",
      "--tariff",
      "0.06",
    );
    expect(roi).to.include({
      model: "bitcoin",
      dailyEnergyKwhX18: (84n * 10n ** 18n).toString(),
      dailyCoinsX18: "125728547573089",
    });
  });

  it("runs the oracle flow through the CLI: status, terms, bond, backup, a signed report, ROI from the chain", async function () {
    type Status = Record<string, string | boolean | null> & {
      network: Record<string, string>;
      bounds: Record<string, string>;
    };
    const status = await ok<Status>(undefined, "oracle", "status", "1");
    // The seeded rig: 3-of-5 reporters, WBTC's network, 200 TH/s daily: 8,475 sat expected, cap twice that.
    expect(status).to.include({
      oracle: book.contracts.HashrateOracle.address,
      reporterCount: "5",
      threshold: "3",
      pendingReport: null,
      payoutSymbol: "WBTC",
      deliveredHashrate: "200000000000000",
      expectedDailyRevenue: "8475",
      grossCap: "16950",
    });
    expect(status.network).to.deep.equal({ difficulty: "149300000000000", blockReward: "314500000", style: "bitcoin" });
    expect(status.bounds).to.deep.equal({ toleranceBps: "10500", luckBps: "20000", staleAfterEpochs: "3" });
    const next = BigInt(status.nextReportEpoch as string);
    expect(status.epochsBehind).to.equal(String(BigInt(status.timestamp as string) / 86_400n - next));

    // The seed configured the rig's terms and posted its bond; the operator adds to it.
    const terms = await ok(undefined, "terms", "show", "1");
    expect(terms).to.include({
      tariffPerKWh: "66",
      serviceFeeBps: "200",
      slaThresholdBps: "9200",
      requiredBond: "100000",
      bond: "300000",
      lastBreakdown: null,
    });
    expect((await ok("operator", "bond", "deposit", "1", "0.001", "--yes")).bond).to.equal("400000");
    await fails(
      "operator",
      ["bond", "request", "1", "1"],
      1,
      "insufficient bond: rig 1 holds 0.004 WBTC with 0.001 WBTC required, so at most 0.003 WBTC can be withdrawn, not 1 WBTC",
    );
    await fails(
      "operator",
      ["bond", "withdraw", "1", "--yes"],
      1,
      "No bond withdrawal was requested for rig 1 (request one first)",
    );
    await fails("operator", ["backup", "on", "1"], 1, "Rig 1 has declared no backup capacity (declare one first)");
    await ok("operator", "backup", "declare", "1", "150T");
    expect(await ok("operator", "backup", "on", "1")).to.include({ onBackup: true });
    expect(await ok(undefined, "terms", "show", "1")).to.include({ onBackup: true, backupHashrate: "150000000000000" });
    await ok("operator", "backup", "off", "1");

    // A day's report: 190 TH/s (above the 92% SLA), 8,300 sat gross, 82 kWh at 66 sat/kWh = 5,412, 2% fee = 166.
    const head = BigInt(((await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
    const endsAt = (next + 1n) * 86_400n;
    if (head < endsAt) await rpc("evm_mine", [Number(endsAt)]);
    const report: Report = {
      rigId: 1n,
      epoch: next,
      deliveredHashrate: 190n * 10n ** 12n,
      uptimeBps: 9_900n,
      grossReward: 8_300n,
      energyWh: 82_000n,
    };
    const file = await reportFile("rig1", report);
    // Signed by three accounts that are not reporters: the lowest signer is named.
    const strangers = [KEYS.alice, KEYS.bob, KEYS.stranger];
    const lowest = [ADDRESSES.alice, ADDRESSES.bob, ADDRESSES.stranger].sort((a, b) =>
      BigInt(a) < BigInt(b) ? -1 : 1,
    )[0];
    await fails(
      "operator",
      ["epoch", "push", "1", "--report", file, "--signatures", await signatures(report, strangers), "--yes"],
      1,
      `${getAddress(lowest)} signed the report but is not a reporter of the oracle`,
    );
    await fails(
      "operator",
      [
        "epoch",
        "push",
        "1",
        "--report",
        file,
        "--signatures",
        await signatures(report, REPORTER_KEYS.slice(0, 2)),
        "--yes",
      ],
      1,
      "Only 2 reporter signatures given: the oracle needs 3",
    );
    await fails(
      "operator",
      ["epoch", "push", "1", "--report", file, "--signatures", "0x1234", "--yes"],
      2,
      'invalid signature "0x1234": expected 65 bytes of 0x-hex',
    );
    const unknown = await reportFile("rig99", { ...report, rigId: 99n });
    await fails(
      "operator",
      ["epoch", "push", "99", "--report", unknown, "--signatures", await signatures(report, REPORTER_KEYS), "--yes"],
      1,
      "Rig 99 does not exist",
    );
    await fails(undefined, ["oracle", "status", "99"], 1, "Rig 99 does not exist");

    // Relayed by a stranger: the operator's net comes from its seeded approval of the funder.
    const pushed = await ok<{ epoch: string; breakdown: Record<string, string>; streamed: string }>(
      "stranger",
      ...["epoch", "push", "1", "--report", file, "--signatures", await signatures(report, REPORTER_KEYS), "--yes"],
    );
    expect(pushed.epoch).to.equal(String(next));
    expect(pushed.breakdown).to.deep.equal({
      epoch: String(next),
      gross: "8300",
      electricity: "5412",
      serviceFee: "166",
      debtIn: "0",
      debtOut: "0",
      slaRefund: "0",
      net: "2722",
    });
    expect((await ok(undefined, "terms", "show", "1")).lastBreakdown).to.deep.equal(pushed.breakdown);
    expect((await ok(undefined, "oracle", "status", "1")).nextReportEpoch).to.equal(String(next + 1n));

    // ROI from the rig's on-chain terms and the oracle's network parameters.
    const roi = await ok(undefined, "roi", "1", "--coin-price", "100000");
    expect(roi).to.include({
      source: "chain",
      dailyExpectedReward: "8475",
      onChainExpectedDailyRevenue: "8475",
      dailyElectricity: "5544",
      dailyServiceFee: "169",
      dailyNet: "2762",
      dailyNetPerShare: "2",
      paybackDaysX18: "1230992034757422157856", // from the whole net (2,762 sat), not the floored 2 sat a share
    });
  });

  it("rejects bad input with a one-line error and a non-zero exit, sending nothing", async function () {
    await fails("bob", ["transfer", "2000000000002", "0x123", "--yes"], 2, 'invalid address "0x123" for receiver');
    await fails("alice", ["mint", "1", "abc", "--yes"], 2, 'invalid amount "abc": shares must be a whole number');
    await fails("alice", ["mint", "1", "-5", "--yes"], 2, "invalid value -5: negative numbers are not allowed");
    await fails(
      "operator",
      ["epoch", "push", "1", "0.0001", "--yes"],
      1,
      "epochs of rig 1 are funded from signed oracle reports on this deployment: run the oracle updater (`npm run oracle -- --network localhost`), or pass --report <file.json> --signatures <sig,...>",
    );
    await fails(
      "operator",
      ["bond", "deposit", "1", "0.000000001", "--yes"],
      2,
      'invalid amount "0.000000001": more than 8 decimals',
    );
    await fails("alice", ["mint", "99", "1", "--yes"], 1, "Rig 99 does not exist");
    await fails("alice", ["split", "2000000000099", "1"], 1, "Position 2000000000099 does not exist");
    await fails("alice", ["claim", "1000000000042", "--yes"], 1, "Position 1000000000042 does not exist");
    await fails("alice", ["sale", "close", "1"], 1, `${ADDRESSES.alice} is not the operator of rig 1`);
    await fails(
      "bob",
      ["split", "2000000000002", "200"],
      1,
      "position 2000000000002 holds 200 shares: split off fewer than that",
    );
    await fails(
      "alice",
      ["mint", "1", "1"],
      2,
      "confirmation needed to mint 1 shares of rig 1 (Antminer S21 #1) for 3.4 USDC, but stdin is not a terminal: pass --yes",
    );
    await fails(
      undefined,
      ["mint", "1", "1", "--yes"],
      1,
      "no account: set RIGSHARE_PRIVATE_KEY, or pass --account-index N",
    );
    await fails("bob", ["list", "2000000000002"], 2, "missing --price");
    await fails(undefined, ["rigs", "--shares", "3"], 2, "option --shares does not apply to `rigs`");
    await fails(
      undefined,
      ["--network", "sepolia", "rigs"],
      1,
      `wrong network: the RPC at ${rpcUrl} is chain 31337, but --network sepolia is chain 11155111`,
    );
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await run(process.execPath, [path.join(ROOT, "cli", "bin.js"), "--rpc-url", closed, "rigs", "--json"], {
      RIGSHARE_DEPLOYMENTS_DIR: path.join(tmp, "deployments"),
    });
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.match(new RegExp(`^rigshare: cannot reach the RPC at ${closed}: [^\\n]+$`));
    expect(JSON.parse(r.stdout).error).to.include({ name: "CliError", exitCode: 1 });
  });

  it("trades on the market through the CLI: list, a partial buy, a rental, proceeds; bad orders send nothing", async function () {
    // Bob lists his 200 shares of rig 2 at 120 USDC a share (royalty 3%, market fee 1%).
    const listed = await ok(
      "bob",
      "list",
      "2000000000002",
      "--price",
      "120",
      "--min-fill",
      "50",
      "--expiry",
      "1d",
      "--yes",
    );
    expect(listed).to.include({ positionId: "2000000000002", pricePerShare: "120000000", minFill: "50" });
    await fails(
      "alice",
      ["buy", "2000000000002", "50", "--max-price", "100", "--yes"],
      1,
      "The price per share is 120000000, beyond your limit of 100000000",
    );
    await fails(
      "alice",
      ["buy", "2000000000002", "20", "--yes"],
      1,
      "20 shares requested: out of range (200 available, or below the minimum fill)",
    );
    await fails(
      "alice",
      ["buy", "2000000000099", "1", "--yes"],
      1,
      "Position 2000000000099 has no valid listing (never listed, cancelled or sold)",
    );
    const bought = await ok("alice", "buy", "2000000000002", "50", "--max-price", "120", "--yes");
    expect(bought).to.include({ shares: "50", price: "6000000000", royalty: "180000000", fee: "60000000" });
    const boughtId = String(bought.positionId);
    const alices = await ok<{ positions: { positionId: string; shares: string }[] }>("alice", "positions");
    expect(alices.positions.find((x) => x.positionId === boughtId)?.shares).to.equal("50");

    // Alice lets her 50 shares for 5 USDC a day; bob rents them for 3 days.
    await ok("alice", "rent", "list", boughtId, "--price", "5", "--min-days", "1", "--max-days", "10", "--yes");
    await fails(
      "bob",
      ["rent", "take", boughtId, "11", "--yes"],
      1,
      "A rental of 11 days is outside the listing's 1 to 10 days",
    );
    const rented = await ok("bob", "rent", "take", boughtId, "3", "--yes");
    expect(rented).to.include({ days: "3", price: "15000000", fee: "150000" });

    // Alice offers 130 USDC a share for up to 20 shares of rig 2; bob sells 10 into it, then she cancels it.
    const offerFile = path.join(tmp, "offer.json");
    await ok("alice", "offer", "create", "2", "20", "--price", "130", "--out", offerFile, "--yes");
    const sold = await ok("bob", "offer", "fill", offerFile, "2000000000002", "10", "--yes");
    expect(sold).to.include({ shares: "10", price: "1300000000", fee: "13000000" });
    await ok("alice", "offer", "cancel", offerFile);
    await fails(
      "bob",
      ["offer", "fill", offerFile, "2000000000002", "5", "--yes"],
      1,
      /^rigshare: The order 0x[0-9a-f]{64} was cancelled \(or its signer's counter moved on\)$/,
    );

    // 6,000 − 180 royalty − 60 fee for the listing, 1,300 − 39 − 13 for the offer.
    expect(await ok("bob", "market", "withdraw", "USDC", "--yes")).to.include({ amount: "7008000000", symbol: "USDC" });
    expect(await ok("alice", "market", "withdraw", "USDC", "--yes")).to.include({ amount: "14850000", symbol: "USDC" });
    await fails("bob", ["market", "withdraw", "USDC", "--yes"], 1, `nothing to withdraw for ${ADDRESSES.bob} in USDC`);
  });

  it("exports an account's rewards as CSV whose totals equal the chain's (credits, claims, transfers out)", async function () {
    // One more epoch of rig 2 (no terms: all net), 400 sat over the 200 shares left: bob's position
    // 2000000000002 changes hands to alice halfway through the stream (settled to bob), alice then claims
    // everything of hers (paid directly), bob keeps his settled balance unclaimed.
    const rig = await ok<{ nextEpoch: string; epochLength: string }>(undefined, "rig", "2");
    const head = BigInt(((await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);
    const endsAt = (BigInt(rig.nextEpoch) + 1n) * BigInt(rig.epochLength);
    if (head < endsAt) await rpc("evm_mine", [Number(endsAt)]);
    const report: Report = {
      rigId: 2n,
      epoch: BigInt(rig.nextEpoch),
      deliveredHashrate: 200n * 10n ** 12n,
      uptimeBps: 10_000n,
      grossReward: 400n,
      energyWh: 3_500n,
    };
    const file = await reportFile("rig2-export", report);
    await ok(
      "operator",
      "epoch",
      "push",
      "2",
      "--report",
      file,
      "--signatures",
      await signatures(report, REPORTER_KEYS),
      "--yes",
    );
    await rpc("evm_increaseTime", [1_800]);
    await rpc("evm_mine");
    await ok("bob", "transfer", "2000000000002", ADDRESSES.alice, "--yes");
    await rpc("evm_increaseTime", [7_200]);
    await rpc("evm_mine");
    await ok("alice", "claim", "--yes");

    const wbtc = book.tokens.WBTC.address.toLowerCase();
    const distributor = book.contracts.RewardDistributor.address;
    const topic = (a: string) => `0x${a.slice(2).toLowerCase().padStart(64, "0")}`;
    /** WBTC the distributor transferred to `who`: the ERC-20 Transfer logs, summed. */
    const transfersOut = async (who: string) => {
      const logs = (await rpc("eth_getLogs", [
        {
          address: wbtc,
          fromBlock: "0x0",
          toBlock: "latest",
          topics: [
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            topic(distributor),
            topic(who),
          ],
        },
      ])) as { data: string }[];
      return logs.reduce((sum, l) => sum + BigInt(l.data), 0n);
    };
    const claimableBalance = async (who: string) =>
      BigInt(
        (await rpc("eth_call", [
          { to: distributor, data: `0x2675e5cd${topic(who).slice(2)}${topic(wbtc).slice(2)}` },
          "latest",
        ])) as string,
      );
    /** A decimal string of WBTC (8 decimals) in base units. */
    const sat = (text: string) => {
      if (text === "") return 0n;
      const [whole, fraction = ""] = text.split(".");
      return BigInt(whole! + fraction.padEnd(8, "0"));
    };

    for (const who of ["alice", "bob"] as const) {
      const account = ADDRESSES[who];
      const r = await cli(undefined, "export", "--csv", "--account", account, "--coin-price", "97000.5");
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.endsWith("\r\n"), "CRLF record ends").to.equal(true);
      const rows = parseCsvObjects(r.stdout);
      expect(rows.length, `${who}: rows`).to.be.greaterThan(0);
      let credited = 0n;
      let claimed = 0n;
      for (const row of rows) {
        expect(row["account"]).to.equal(account);
        expect(row["token"]).to.equal("WBTC");
        expect(row["date (UTC)"]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
        credited += sat(row["credited (exact)"]!);
        claimed += sat(row["claimed (exact)"]!);
        // The value column: the row's amount × 97,000.5, exact (sat × 970005 / 10^9 of a dollar).
        const amount = row.type === "epoch" ? row["net (pro-rata, informational)"]! : row["credited (exact)"]!;
        if (row.type !== "claim") {
          const cents = sat(amount) * 970_005n;
          const whole = cents / 10n ** 9n;
          const fraction = (cents % 10n ** 9n).toString().padStart(9, "0").replace(/0+$/, "");
          expect(row["value at 97000.5 USD per coin"]).to.equal(`${whole}${fraction ? `.${fraction}` : ""}`);
        }
        if (row.type === "epoch") {
          // Rig 2 has no terms: net = gross; this epoch's part is ⌊400 × shares / rig shares⌋.
          expect(row["net (pro-rata, informational)"]).to.equal(row["gross (pro-rata, informational)"]);
          if (row.epoch === String(report.epoch))
            expect(sat(row["net (pro-rata, informational)"]!)).to.equal(
              (400n * BigInt(row.shares!)) / BigInt(row["rig shares"]!),
            );
        }
        if (row.type === "claim" || row.type === "claim-direct" || row.type === "settled")
          expect(row.transaction).to.match(/^0x[0-9a-f]{64}$/);
      }
      const out = await transfersOut(account);
      const left = await claimableBalance(account);
      expect(claimed, `${who}: Σ claimed = the distributor's WBTC transfers to ${who}`).to.equal(out);
      expect(credited, `${who}: Σ credited = Σ claimed + claimableBalance`).to.equal(out + left);
      expect(out, `${who} was paid something`).to.be.greaterThan(0n);
      if (who === "bob") {
        expect(left, "bob's settled balance waits").to.be.greaterThan(0n);
        expect(rows.some((x) => x.type === "settled" && x.position === "2000000000002")).to.equal(true);
        expect(rows.some((x) => x.type === "epoch" && x.position === "2000000000002")).to.equal(true);
      } else {
        expect(rows.some((x) => x.type === "claim-direct")).to.equal(true);
      }
      // --json totals and --out give the same numbers and the same text.
      const outFile = path.join(tmp, `${who}.csv`);
      const j = await ok<{ totals: { credited: string; claimed: string }[]; out: string }>(
        undefined,
        ...["export", "--csv", "--account", account, "--coin-price", "97000.5", "--out", outFile],
      );
      expect(j.totals).to.deep.include({
        token: getAddress(wbtc),
        symbol: "WBTC",
        credited: String(credited),
        claimed: String(claimed),
      });
      expect(await readFile(outFile, "utf8")).to.equal(r.stdout);
    }
    // One position only: its rows, nothing else.
    const one = parseCsvObjects(
      (await cli(undefined, "export", "--csv", "--account", ADDRESSES.bob, "--position", "2000000000002")).stdout,
    );
    expect(one.length).to.be.greaterThan(0);
    for (const row of one) expect(row.position.split(" ")).to.include("2000000000002");
    await fails(undefined, ["export", "--account", ADDRESSES.bob], 2, "give --csv (the only export format)");
  });

  it("re-runs the deployment idempotently: same addresses, nothing sent", async function () {
    const before = await blockNumber();
    for (const extra of [["--seed"], []]) {
      const r = await deploy(...extra);
      expect(r.code, r.stderr).to.equal(0);
      const again = JSON.parse(r.stdout) as Book;
      expect(again.contracts).to.deep.equal(book.contracts);
      expect(again.tokens).to.deep.equal(book.tokens);
      expect(again.seed).to.deep.equal(book.seed);
      expect(again.deploymentBlock).to.equal(book.deploymentBlock);
    }
    expect(await blockNumber()).to.equal(before);
  });
});
