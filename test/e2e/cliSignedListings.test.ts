// End to end: EIP-712 signed listings and order files through the `rigshare` CLI as a subprocess, against
// a real `hardhat node` with the seeded protocol and its activity (scripts/lib/localStack.ts). A holder
// signs a listing of a fresh position (approving the market first), another buys part of it (exact USDC
// paid, exact shares received), `order status` follows the fill, the cancel and a counter increment that
// voids two more listings, and an offer file; bad input (missing, malformed or foreign files, shares out
// of range, an expired order, no --yes) is a one-line error, a non-zero exit and no block mined.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { type Address, type Hex, type PublicClient, erc20Abi } from "viem";

import {
  type Deployment,
  HARDHAT_ACCOUNTS,
  HARDHAT_KEYS,
  type LocalNode,
  ROOT,
  deployProtocol,
  rpc,
  seedActivity,
  startNode,
  testPublicClient,
} from "../../scripts/lib/localStack.js";
import { rewardDistributorAbi, rigSharesAbi } from "../../sdk/abis.js";

const BIN = path.join(ROOT, "node_modules", ".bin");
const ENV_PATH = `${BIN}${path.delimiter}${process.env.PATH ?? ""}`;

/** Holder #4 mints and signs (no position, not approved the market yet); holder #5 buys; both hold USDC. */
type Who = { key: Hex; address: Address } | undefined;
const SELLER: Who = { key: HARDHAT_KEYS.holders[2], address: HARDHAT_ACCOUNTS.holders[2] };
const BUYER: Who = { key: HARDHAT_KEYS.holders[3], address: HARDHAT_ACCOUNTS.holders[3] };

type Result = { code: number; stdout: string; stderr: string };
type Status = {
  kind: string;
  orderHash: Hex;
  filled: string;
  remaining: string;
  cancelled: boolean;
  voided: boolean;
  expired: boolean;
  status: string;
};

describe("end to end: signed listings and order files through the rigshare CLI", function () {
  this.timeout(180_000);

  let node: LocalNode | undefined;
  let deployment: Deployment | undefined;
  let client: PublicClient;
  let tmp = "";
  let usdc: Address;
  let market: Address;
  let positionId = "";

  /** Runs the CLI's bin as `who` (or without an account). */
  const cli = (who: Who, ...args: string[]): Promise<Result> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, "cli", "bin.js"), "--network", "localhost", "--rpc-url", node!.url, ...args],
        {
          cwd: ROOT,
          timeout: 60_000,
          env: {
            ...process.env,
            PATH: ENV_PATH,
            RIGSHARE_DEPLOYMENTS_DIR: path.join(tmp, "deployments"),
            RIGSHARE_CACHE_DIR: path.join(tmp, "cache"),
            RIGSHARE_PRIVATE_KEY: who?.key,
            RIGSHARE_RPC_URL: undefined,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  const ok = async <T = Record<string, unknown>>(who: Who, ...args: string[]): Promise<T> => {
    const r = await cli(who, ...args, "--json");
    expect(r.code, `rigshare ${args.join(" ")}\n${r.stderr}`).to.equal(0);
    return JSON.parse(r.stdout) as T;
  };
  const blockNumber = () => client.getBlockNumber({ cacheTime: 0 });
  /** Expects exit `code`, exactly one stderr line (`rigshare: message`) and no block mined. */
  const fails = async (who: Who, args: string[], code: number, message: string | RegExp) => {
    const before = await blockNumber();
    const r = await cli(who, ...args);
    const lines = r.stderr.trim().split("\n");
    expect(r.code, `rigshare ${args.join(" ")}: ${r.stderr}`).to.equal(code);
    expect(lines, `rigshare ${args.join(" ")}`).to.have.length(1);
    if (typeof message === "string") expect(lines[0]).to.equal(`rigshare: ${message}`);
    else expect(lines[0]).to.match(message);
    expect(await blockNumber(), `rigshare ${args.join(" ")} sent a transaction`).to.equal(before);
  };
  const status = (file: string) => ok<Status>(undefined, "order", "status", file);
  const usdcOf = (account: Address) =>
    client.readContract({ address: usdc, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const sharesOf = async (id: bigint) =>
    (
      await client.readContract({
        address: deployment!.book.contracts.RewardDistributor.address,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [id],
      })
    ).shares;
  const approved = () =>
    client.readContract({
      address: deployment!.book.contracts.RigShares.address,
      abi: rigSharesAbi,
      functionName: "isApprovedForAll",
      args: [SELLER.address, market],
    });
  const file = (name: string) => path.join(tmp, name);

  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-signed-"));
    node = await startNode();
    deployment = await deployProtocol({
      rpcUrl: node.url,
      outDir: path.join(tmp, "deployments"),
      deploymentId: `e2e-signed-${process.pid}-${Date.now()}`,
      compile: false,
      reset: true,
    });
    await seedActivity({ rpcUrl: node.url, book: deployment.book });
    client = testPublicClient(node.url, node.chainId);
    usdc = deployment.book.tokens!.USDC.address;
    market = deployment.book.contracts.ShareMarket!.address;
  });

  after(async function () {
    await node?.stop();
    await deployment?.cleanup();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("signs a listing, fills part of it, cancels it; a second fill is refused with nothing sent", async function () {
    const minted = await ok<{ positionId: string }>(SELLER, "mint", "1", "40", "--yes");
    positionId = minted.positionId;
    expect(await approved()).to.equal(false);

    // Without --yes (no terminal) nothing is signed; the question names the market fee the seller will pay.
    const unconfirmed = await cli(SELLER, "listing", "sign", positionId, "--price", "110");
    expect(unconfirmed.code).to.equal(2);
    expect(unconfirmed.stderr).to.match(
      /confirmation needed to sign a listing of position \d+ at 110 USDC a share until .* \(market fee 1% of each fill, from your proceeds\), but stdin is not a terminal: pass --yes/,
    );

    // Signing approves the market for the seller's positions first (one transaction), then writes the file.
    const signed = await ok<{ orderHash: Hex; approvalHash?: Hex }>(
      SELLER,
      ...["listing", "sign", positionId, "--price", "110", "--min-fill", "5", "--expiry", "1d"],
      ...["--out", file("l1.json"), "--yes"],
    );
    expect(signed.approvalHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(await approved()).to.equal(true);
    const written = JSON.parse(await readFile(file("l1.json"), "utf8"));
    expect(written).to.deep.include({ orderHash: signed.orderHash, chainId: 31337, market });
    expect(written.listing).to.include({
      seller: SELLER.address,
      positionId,
      shares: "40",
      pricePerShare: "110000000",
      minFill: "5",
      paymentToken: usdc,
      counter: "0",
    });
    expect(await status(file("l1.json"))).to.deep.include({
      kind: "listing",
      orderHash: signed.orderHash,
      filled: "0",
      remaining: "40",
      cancelled: false,
      voided: false,
      expired: false,
      status: "open",
    });

    // Holder #5 buys 15 of the 40 shares: exactly 15 × 110 USDC leave its wallet for a 15-share position.
    const paidBefore = await usdcOf(BUYER.address);
    const bought = await ok<{ positionId: string; shares: string; price: string }>(
      BUYER,
      ...["listing", "buy", file("l1.json"), "15", "--max-price", "110", "--yes"],
    );
    expect(bought).to.include({ shares: "15", price: "1650000000" });
    expect(paidBefore - (await usdcOf(BUYER.address))).to.equal(1_650_000_000n);
    expect(await sharesOf(BigInt(bought.positionId))).to.equal(15n);
    expect(await sharesOf(BigInt(positionId))).to.equal(25n);
    const human = await cli(undefined, "order", "status", file("l1.json"));
    expect(human.stdout).to.match(/filled\s+15 of 40 shares/);
    expect(human.stdout).to.match(/status\s+open/);
    expect(await status(file("l1.json"))).to.include({ filled: "15", remaining: "25", status: "open" });

    await fails(
      BUYER,
      ["listing", "cancel", file("l1.json")],
      1,
      `the listing was signed by ${SELLER.address}, not by ${BUYER.address}`,
    );
    expect(await ok(SELLER, "listing", "cancel", file("l1.json"))).to.include({ orderHash: signed.orderHash });
    expect(await status(file("l1.json"))).to.include({ filled: "15", cancelled: true, status: "cancelled" });
    await fails(
      BUYER,
      ["listing", "buy", file("l1.json"), "5", "--yes"],
      1,
      `The order ${signed.orderHash} was cancelled (or its signer's counter moved on)`,
    );
    await fails(
      SELLER,
      ["listing", "cancel", file("l1.json")],
      1,
      `the listing ${signed.orderHash} is already cancelled`,
    );
  });

  it("voids every order signed before with order cancel-all, after a --yes confirmation", async function () {
    await ok(SELLER, "listing", "sign", positionId, "--price", "120", "--out", file("l2.json"), "--yes");
    // Without --out the order file is printed on stdout, ready to redirect.
    const printed = await cli(SELLER, "listing", "sign", positionId, "--price", "125", "--yes");
    expect(printed.code, printed.stderr).to.equal(0);
    await writeFile(file("l3.json"), printed.stdout);
    for (const name of ["l2.json", "l3.json"])
      expect(await status(file(name))).to.include({ remaining: "25", voided: false, status: "open" });

    await fails(
      SELLER,
      ["order", "cancel-all"],
      2,
      `confirmation needed to void every signed listing and offer of ${SELLER.address} signed so far, but stdin is not a terminal: pass --yes`,
    );
    expect(await ok(SELLER, "order", "cancel-all", "--yes")).to.include({ account: SELLER.address, counter: "1" });
    for (const name of ["l2.json", "l3.json"])
      expect(await status(file(name))).to.include({ cancelled: false, voided: true, status: "voided" });
    const { orderHash } = JSON.parse(printed.stdout) as { orderHash: Hex };
    await fails(
      BUYER,
      ["listing", "buy", file("l3.json"), "5", "--yes"],
      1,
      `The order ${orderHash} was cancelled (or its signer's counter moved on)`,
    );
  });

  it("reports offers too, and refuses bad files, bad amounts and expired orders with one line", async function () {
    await ok(BUYER, "offer", "create", "1", "10", "--price", "100", "--out", file("o1.json"), "--yes");
    expect(await status(file("o1.json"))).to.include({ kind: "offer", filled: "0", remaining: "10", status: "open" });

    // A fresh listing of the seller's 25 shares (counter 1), minimum fill 5.
    await ok(
      SELLER,
      "listing",
      "sign",
      positionId,
      "--price",
      "110",
      "--min-fill",
      "5",
      "--out",
      file("l4.json"),
      "--yes",
    );
    const l4 = file("l4.json");
    await fails(
      BUYER,
      ["listing", "buy", l4, "30", "--yes"],
      1,
      "30 shares requested: out of range (25 available, or below the minimum fill)",
    );
    await fails(
      BUYER,
      ["listing", "buy", l4, "3", "--yes"],
      1,
      "3 shares requested: out of range (25 available, or below the minimum fill)",
    );
    await fails(BUYER, ["listing", "buy", l4, "5", "--max-price", "100", "--yes"], 1, /^rigshare: The price per share/);
    await fails(
      BUYER,
      ["listing", "buy", l4, "abc", "--yes"],
      2,
      'invalid amount "abc": shares must be a whole number',
    );
    await fails(BUYER, ["listing", "buy", l4], 2, "missing shares");

    const missing = file("missing.json");
    await fails(
      BUYER,
      ["listing", "buy", missing, "5", "--yes"],
      2,
      `cannot read the listing file ${missing}: ENOENT: no such file or directory, open '${missing}'`,
    );
    await writeFile(file("bad.json"), "{ not json");
    await fails(
      BUYER,
      ["listing", "buy", file("bad.json"), "5", "--yes"],
      2,
      /^rigshare: listing file .* is not JSON: /,
    );
    await fails(undefined, ["order", "status", file("bad.json")], 2, /^rigshare: order file .* is not JSON: /);
    await fails(
      BUYER,
      ["listing", "buy", file("o1.json"), "5", "--yes"],
      2,
      `${file("o1.json")} is not a listing file (rigshare listing sign --out <file>)`,
    );
    const l4json = JSON.parse(await readFile(l4, "utf8"));
    await writeFile(file("edited.json"), JSON.stringify({ ...l4json, listing: { ...l4json.listing, shares: "1" } }));
    await fails(
      undefined,
      ["order", "status", file("edited.json")],
      2,
      `${file("edited.json")}: its orderHash does not match its order (was the file edited?)`,
    );
    await writeFile(file("foreign.json"), JSON.stringify({ ...l4json, chainId: 1 }));
    await fails(
      BUYER,
      ["listing", "buy", file("foreign.json"), "5", "--yes"],
      1,
      `${file("foreign.json")} holds an order for the market ${market} on chain 1, not for this network's (${market} on chain 31337)`,
    );
    await fails(SELLER, ["listing", "sign", positionId], 2, "missing --price");
    await fails(
      BUYER,
      ["listing", "sign", positionId, "--price", "1", "--yes"],
      1,
      `${BUYER.address} does not own position ${positionId}`,
    );
    await fails(
      SELLER,
      ["listing", "sign", positionId, "--price", "1", "--out", file("no/such/dir/x.json"), "--yes"],
      2,
      `cannot write ${file("no/such/dir/x.json")}: its directory does not exist or is not writable`,
    );

    // A listing that lives one minute, two minutes later.
    await ok(
      SELLER,
      "listing",
      "sign",
      positionId,
      "--price",
      "110",
      "--expiry",
      "60",
      "--out",
      file("l5.json"),
      "--yes",
    );
    await rpc(node!.url, "evm_increaseTime", [120]);
    await rpc(node!.url, "evm_mine");
    expect(await status(file("l5.json"))).to.include({ expired: true, remaining: "25", status: "expired" });
    await fails(BUYER, ["listing", "buy", file("l5.json"), "5", "--yes"], 1, /^rigshare: The order expired at /);

    const help = await cli(undefined, "listing", "sign", "--help");
    expect(help.code).to.equal(0);
    for (const usage of [
      "rigshare listing sign <positionId> --price <perShare>",
      "rigshare listing buy <listingFile> <shares>",
      "rigshare listing cancel <listingFile>",
      "rigshare order status <orderFile>",
      "rigshare order cancel-all",
    ])
      expect(help.stdout).to.include(usage);
  });
});
