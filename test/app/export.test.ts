// The portfolio's "Export CSV" in a real browser (Chromium, vite preview, hardhat node, injected wallet): a
// holder of the seeded rig claims one position and splits another (a direct payment and a PositionSettled
// credit), then exports from the app with a coin price. The download happens (playwright's `download`
// event, the file named rigshare-<account>-<date>.csv), it parses as RFC 4180 CSV, and its totals equal the
// chain's to the base unit: Σ claimed = the distributor's token transfers to the account, Σ credited =
// Σ claimed + claimableBalance; the value column is the amount × the entered price, exactly.
import { readFile } from "node:fs/promises";

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { type Address, type PublicClient, erc20Abi, parseAbiItem } from "viem";

import { rewardDistributorAbi } from "../../sdk/abis.js";
import { claim } from "../../sdk/actions/claim.js";
import { split } from "../../sdk/actions/split.js";
import { contractsOf } from "../../sdk/addressBook.js";
import type { RigshareContracts } from "../../sdk/addressBook.js";
import { parseCsvObjects } from "../../sdk/csv.js";
import { formatDecimal, parseDecimal } from "../../sdk/decimal.js";
import { encodePositionId } from "../../sdk/positionId.js";
import {
  type ActivitySummary,
  type AppServer,
  type Deployment,
  HARDHAT_ACCOUNTS,
  HARDHAT_KEYS,
  type LocalNode,
  rpc,
  startAppServer,
  testPublicClient,
  testWalletClient,
} from "../../scripts/lib/localStack.js";
import { type SeededChain, startSeededChain } from "../helpers/seededChain.js";
import { collectPageErrors, launchBrowser, screenshot } from "./browser.js";
import { type TestWallet, installTestWallet } from "./wallet.js";

const holder3 = HARDHAT_ACCOUNTS.holders[1] as Address; // #3: positions …02 (50) and …03 (30, listed)

describe("web app: CSV export of an account's rewards (Chromium, vite preview, hardhat node)", function () {
  this.timeout(240_000);

  let node: LocalNode;
  let chain: SeededChain;
  let deployment: Deployment;
  let contracts: RigshareContracts;
  let activity: ActivitySummary;
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let wallet: TestWallet;
  let client: PublicClient;
  let pageErrors: string[];
  let wbtc: Address;

  before(async function () {
    chain = await startSeededChain("app-export");
    ({ node, deployment } = chain);
    activity = chain.activity!;
    contracts = contractsOf(deployment.book);
    wbtc = deployment.book.tokens!.WBTC!.address;
    client = testPublicClient(node.url, node.chainId);
    app = await startAppServer({
      deploymentsDir: chain.deploymentsDir,
      rpcUrl: node.url,
      chainId: node.chainId,
      mode: "preview",
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    pageErrors = collectPageErrors(page);
    wallet = await installTestWallet(page, { rpcUrl: node.url, accounts: [holder3], chainId: node.chainId });
    await page.goto(`${app.url}#/rigs`);
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await chain?.stop();
  });

  it("downloads a CSV from the portfolio whose totals equal the chain's", async function () {
    // Let the seeded epoch stream for six hours; claim …02 (paid directly), then split …03 (settled to the
    // holder's balance, left unclaimed).
    await rpc(node.url, "evm_increaseTime", [6 * 3_600]);
    await rpc(node.url, "evm_mine");
    const holder = testWalletClient(node.url, node.chainId, HARDHAT_KEYS.holders[1]);
    const paid = await claim(holder, { contracts, positionIds: [encodePositionId(activity.rigId, 2n)] });
    expect(paid.paid).to.be.greaterThan(0n);
    await rpc(node.url, "evm_increaseTime", [3_600]);
    await rpc(node.url, "evm_mine");
    await split(holder, { contracts, positionId: encodePositionId(activity.rigId, 3n), shares: 10n });

    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    expect(wallet.connected).to.equal(true);
    await page.evaluate(`window.location.hash = "#/portfolio"`);
    await page.getByTestId("export-csv").waitFor();
    await page.getByTestId("export-coin-price").fill("97000.5");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-button").click()]);
    expect(download.suggestedFilename()).to.match(
      new RegExp(`^rigshare-${holder3.toLowerCase()}-\\d{4}-\\d\\d-\\d\\d\\.csv$`),
    );
    const text = await readFile((await download.path())!, "utf8");
    await page.getByTestId("export-done").waitFor();
    await screenshot(page, "portfolio-export");

    const rows = parseCsvObjects(text);
    expect(rows.some((r) => r.type === "claim-direct")).to.equal(true);
    expect(rows.some((r) => r.type === "settled")).to.equal(true);
    expect(rows.some((r) => r.type === "epoch")).to.equal(true);
    const price = parseDecimal("97000.5", 18);
    let credited = 0n;
    let claimed = 0n;
    for (const r of rows) {
      expect(r.account).to.equal(holder3);
      expect(r.token).to.equal("WBTC");
      const c = r["credited (exact)"] ? parseDecimal(r["credited (exact)"], 8) : 0n;
      credited += c;
      if (r["claimed (exact)"]) claimed += parseDecimal(r["claimed (exact)"], 8);
      if (r.type === "settled" || r.type === "claim-direct")
        expect(r["value at 97000.5 USD per coin"]).to.equal(formatDecimal(c * price, 8 + 18));
    }
    const transfers = await client.getLogs({
      address: wbtc,
      event: parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)"),
      args: { from: contracts.distributor, to: holder3 },
      fromBlock: 0n,
      strict: true,
    });
    const out = transfers.reduce((sum, l) => sum + l.args.value, 0n);
    const balance = await client.readContract({
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "claimableBalance",
      args: [holder3, wbtc],
    });
    expect(claimed, "Σ claimed = the distributor's WBTC transfers to the account").to.equal(out);
    expect(out).to.equal(paid.paid);
    expect(balance, "the split settled something").to.be.greaterThan(0n);
    expect(credited, "Σ credited = Σ claimed + claimableBalance").to.equal(out + balance);
    // The wallet's balance moved by exactly the claims.
    expect(
      await client.readContract({ address: wbtc, abi: erc20Abi, functionName: "balanceOf", args: [holder3] }),
    ).to.be.greaterThanOrEqual(out);
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
  });
});
