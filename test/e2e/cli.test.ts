// End to end: a real `hardhat node` on a free port, the protocol deployed over JSON-RPC with the Ignition
// modules (scripts/deploy.ts --seed), a whole lifecycle driven through the `rigshare` CLI as a subprocess
// (register, open the sale, mint, push an epoch, claim, split/merge, transfer, positions, withdraw
// proceeds, --json parsed), the bad-input cases (exit code, one-line message, no block mined), and a
// re-run of the deployment that sends nothing and yields the same addresses.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

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
    expect(Object.keys(book.contracts)).to.deep.equal(["ShareRenderer", "RigShares", "RewardDistributor"]);
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
        "100T",
        "--power",
        "1750",
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
      `Insufficient balance: ${ADDRESSES.stranger} holds 0 USDC, needs 200 USDC`,
    );
    await fails(
      "alice",
      ["mint", "1", "1", "--yes", "--no-approve"],
      1,
      `Insufficient allowance: ${book.contracts.RigShares.address} may spend 0 USDC of ${ADDRESSES.alice}'s tokens, needs 100 USDC`,
    );
    await fails("alice", ["mint", "2", "1", "--yes"], 1, "Rig 2 sold out: 0 shares left, 1 requested");

    // Wait (in chain time) for the epoch to end, push 0.36 WBTC, and let it stream completely.
    const rig = await ok<{ nextEpoch: string; epochLength: string }>(undefined, "rig", "2");
    const endsAt = (BigInt(rig.nextEpoch) + 1n) * BigInt(rig.epochLength);
    await fails(
      "operator",
      ["epoch", "push", "2", "0.36", "--yes"],
      1,
      /^rigshare: Epoch \d+ of rig 2 has not ended: it can be pushed from \d{4}-/,
    );
    await rpc("evm_mine", [Number(endsAt)]);
    const pushed = await ok("operator", "epoch", "push", "2", "0.36", "--yes");
    expect(pushed).to.include({ epoch: rig.nextEpoch, amount: "36000000", rateX18: (10n ** 22n).toString() });
    await rpc("evm_increaseTime", [3_600]);
    await rpc("evm_mine");

    // 0.36 WBTC over 500 shares: alice's 300 earn 0.216, bob's 200 earn 0.144, to the base unit.
    type Positions = {
      positions: { positionId: string; shares: string; pendingReward: string; payoutSymbol: string }[];
    };
    const mine = await ok<Positions>("alice", "positions");
    expect(mine.positions.map((p) => [p.positionId, p.shares, p.pendingReward, p.payoutSymbol])).to.deep.equal([
      ["2000000000001", "300", "21600000", "WBTC"],
    ]);
    expect((await ok("alice", "claim", "--yes")).paid).to.equal("21600000");

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
      ["2000000000002", "200", "14400000"],
    ]);
    expect((await ok<Positions>(undefined, "positions", ADDRESSES.alice)).positions).to.deep.equal([]);
    expect((await ok("bob", "claim", "2000000000002", "--yes")).paid).to.equal("14400000");
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
      dailyEnergyKwhX18: (42n * 10n ** 18n).toString(),
      dailyCoinsX18: "62864273786544",
    });
  });

  it("rejects bad input with a one-line error and a non-zero exit, sending nothing", async function () {
    await fails("bob", ["transfer", "2000000000002", "0x123", "--yes"], 2, 'invalid address "0x123" for receiver');
    await fails("alice", ["mint", "1", "abc", "--yes"], 2, 'invalid amount "abc": shares must be a whole number');
    await fails("alice", ["mint", "1", "-5", "--yes"], 2, "invalid value -5: negative numbers are not allowed");
    await fails(
      "operator",
      ["epoch", "push", "1", "0.000000001", "--yes"],
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
      "confirmation needed to mint 1 shares of rig 1 (Antminer S21 #1) for 100 USDC, but stdin is not a terminal: pass --yes",
    );
    await fails(
      undefined,
      ["mint", "1", "1", "--yes"],
      1,
      "no account: set RIGSHARE_PRIVATE_KEY, or pass --account-index N",
    );
    await fails(
      undefined,
      ["list", "2000000000002"],
      2,
      "`list` is not available yet: it arrives with the share market (issue 4)",
    );
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
