// The web app in a real browser: Debian's Chromium driven by playwright-core, the production build served by
// `vite preview`, a real `hardhat node` with the protocol deployed by scripts/deploy.ts --seed and made
// lively by seedActivity (positions, a paid epoch streaming, a sale and a rental listing), and the injected
// test wallet (test/app/wallet.ts), which the app finds through EIP-6963 exactly like an extension.
//
// The journeys run in order in one browser page, as one user session would: connect; wrong network;
// mint with approval; rewards ticking live and rising after time advances; claim; list, then buy part of it
// from a second account; rent; offers (kept in the browser: no relay here); the operator's failover; a
// rejected transaction; a revert with its readable message. Every on-chain effect is checked against the
// chain itself, to the base unit.
// Screenshots of the main screens go to test-results/screenshots/.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { type Address, type PublicClient, erc20Abi, parseEventLogs } from "viem";
import { writeContract } from "viem/actions";

import { hashrateOracleAbi, rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../../sdk/abis.js";
import { getListing } from "../../sdk/actions/getListing.js";
import { getPendingSplit } from "../../sdk/actions/getPendingSplit.js";
import { getRental } from "../../sdk/actions/getRental.js";
import { getRentalListing } from "../../sdk/actions/getRentalListing.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigRoi } from "../../sdk/actions/getRigRoi.js";
import { pushEpochWithReport } from "../../sdk/actions/pushEpochWithReport.js";
import { signEpochReport } from "../../sdk/actions/signEpochReport.js";
import { contractsOf } from "../../sdk/addressBook.js";
import type { AddressBook, RigshareContracts } from "../../sdk/addressBook.js";
import { formatDecimal, parseDecimal } from "../../sdk/decimal.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { computeOnChainRoi } from "../../sdk/roi.js";
import { getDifficultyHistory } from "../../sdk/actions/getDifficultyHistory.js";
import { difficultyForecast } from "../../sdk/difficultyForecast.js";
import { forecastPaybacks, formatPaybackDays } from "../../sdk/forecast.js";
import {
  ACTIVITY,
  type ActivitySummary,
  type AppServer,
  type Deployment,
  HARDHAT_ACCOUNTS,
  HARDHAT_KEYS,
  type LocalNode,
  deployProtocol,
  rpc,
  seedActivity,
  startAppServer,
  startNode,
  testPublicClient,
  testWalletClient,
} from "../../scripts/lib/localStack.js";
import { collectPageErrors, launchBrowser, screenshot } from "./browser.js";
import { type TestWallet, installTestWallet } from "./wallet.js";

const [, , buyer, second] = HARDHAT_ACCOUNTS.holders as [Address, Address, Address, Address]; // #4, #5
const holder3 = HARDHAT_ACCOUNTS.holders[1] as Address; // #3: positions …02 (50) and …03 (30, listed)
const operator = HARDHAT_ACCOUNTS.operator;
const USDC = 10n ** 6n;

describe("web app in a real browser (Chromium, vite preview, hardhat node, injected wallet)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let tmp: string;
  let deployment: Deployment;
  let book: AddressBook;
  let contracts: RigshareContracts;
  let activity: ActivitySummary;
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let wallet: TestWallet;
  let client: PublicClient;
  let pageErrors: string[];
  let usdc: Address;
  let wbtc: Address;

  const tokenBalance = (token: Address, account: Address) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const tx = (title: RegExp | string) => page.locator('[data-testid="tx"]').filter({ hasText: title }).first();
  /** Waits until the action titled `title` ends, and returns how (confirmed, failed, rejected). */
  async function outcome(title: RegExp | string): Promise<string> {
    const entry = tx(title);
    await entry.waitFor();
    await page.waitForFunction(
      (el) => !["wallet", "pending"].includes(el!.getAttribute("data-status") ?? ""),
      await entry.elementHandle(),
      { timeout: 60_000 },
    );
    return (await entry.getAttribute("data-status"))!;
  }
  const go = async (hash: string) => {
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  };
  const sentTransactions = () => wallet.forwarded.filter((m) => m === "eth_sendTransaction").length;

  /**
   * The seeded epoch streams a realistic 2,722 sat a day to the whole rig: under a base unit per second per
   * position. To see rewards tick, the network difficulty is lowered 1,000× (the admin holds NETWORK_ROLE)
   * and the next epoch is pushed with a 0.1 WBTC gross from a 3-of-5 signed report.
   */
  let difficultyLowered = false;
  async function pushLargeEpoch(): Promise<void> {
    const admin = testWalletClient(node.url, node.chainId, HARDHAT_KEYS.deployer);
    const network = await client.readContract({
      address: contracts.oracle!,
      abi: hashrateOracleAbi,
      functionName: "network",
      args: [wbtc],
    });
    if (!difficultyLowered)
      await client.waitForTransactionReceipt({
        hash: await writeContract(admin, {
          address: contracts.oracle!,
          abi: hashrateOracleAbi,
          functionName: "setNetwork",
          args: [wbtc, { ...network, difficulty: network.difficulty / 1_000n }],
          chain: undefined,
        }),
      });
    difficultyLowered = true;
    const rig = await getRig(client, { contracts, rigId: activity.rigId });
    const endsAt = (rig.nextEpoch + 1n) * rig.epochLength;
    const head = (await client.getBlock()).timestamp;
    if (head < endsAt) {
      await rpc(node.url, "evm_increaseTime", [Number(endsAt - head)]);
      await rpc(node.url, "evm_mine");
    }
    const report = { rigId: activity.rigId, epoch: rig.nextEpoch, ...ACTIVITY.report, grossReward: 10_000_000n };
    const signatures = await Promise.all(
      HARDHAT_KEYS.reporters.map((key) =>
        signEpochReport(testWalletClient(node.url, node.chainId, key), { contracts, report, chainId: node.chainId }),
      ),
    );
    await pushEpochWithReport(testWalletClient(node.url, node.chainId, HARDHAT_KEYS.operator), {
      contracts,
      report,
      signatures,
    });
  }

  before(async function () {
    node = await startNode();
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-app-"));
    deployment = await deployProtocol({
      rpcUrl: node.url,
      outDir: tmp,
      deploymentId: `app-e2e-${process.pid}-${Date.now()}`,
      compile: false,
      reset: true,
    });
    book = deployment.book;
    contracts = contractsOf(book);
    usdc = book.tokens!.USDC!.address;
    wbtc = book.tokens!.WBTC!.address;
    client = testPublicClient(node.url, node.chainId);
    activity = await seedActivity({ rpcUrl: node.url, book });
    app = await startAppServer({ deploymentsDir: tmp, rpcUrl: node.url, chainId: node.chainId, mode: "preview" });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pageErrors = collectPageErrors(page);
    wallet = await installTestWallet(page, {
      rpcUrl: node.url,
      accounts: [buyer, second, holder3, operator],
      chainId: node.chainId,
    });
    await page.goto(`${app.url}#/rigs`);
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await node?.stop();
    await deployment?.cleanup();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
  });

  it("lists the seeded rig with its statuses and shares left before any wallet is connected", async function () {
    const card = page.getByTestId(`rig-card-${activity.rigId}`);
    await expect(await card.textContent({ timeout: 20_000 })).to.contain("Antminer S21 #1");
    const sold = ACTIVITY.mints[0] + ACTIVITY.mints[1];
    expect(await card.getByTestId("shares-left").textContent()).to.equal(`${1000n - sold} of 1000`);
    expect(await card.getByTestId("rig-status").textContent()).to.equal("activeon sale");
    await screenshot(page, "rigs");
  });

  it("computes ROI, break-even electricity and shut-off hashprice from the chain, electricity in USDC/kWh", async function () {
    await go(`#/rigs/${activity.rigId}`);
    const roi = page.getByTestId("roi");
    await roi.getByTestId("roi-payback").waitFor({ timeout: 20_000 });
    // Defaults: $90,000 a coin, a 2.5% pool fee, the funder's tariff shown in USDC at that price.
    expect(await roi.getByTestId("roi-coin-price").inputValue()).to.equal("90000");
    const onChain = await getRigRoi(client, { contracts, rigId: activity.rigId });
    const shownTariff = await roi.getByTestId("roi-electricity").inputValue();
    expect(parseDecimal(shownTariff, 18)).to.equal((onChain.tariffPerKWh * 90_000n * 10n ** 18n) / 10n ** 8n);
    // The user's own electricity price: $0.05/kWh is 55 sats at $90,000 (rounded down).
    await roi.getByTestId("roi-electricity").fill("0.05");
    const expected = await getRigRoi(client, { contracts, rigId: activity.rigId, coinPrice: "90000", poolFeeBps: 250 });
    const roiInputs = {
      hashrate: 200n * 10n ** 12n,
      powerWatts: 3_500n,
      totalShares: 1_000n,
      pricePerShare: (await getRig(client, { contracts, rigId: activity.rigId })).pricePerShare,
      paymentDecimals: 6,
      payoutDecimals: 8,
      tariffPerKWh: 55n,
      serviceFeeBps: expected.serviceFeeBps,
      network: expected.network,
      coinPrice: "90000",
      poolFeeBps: 250,
    };
    const r = computeOnChainRoi(roiInputs);
    const usdc = (sats: bigint, per = 1n) => `${formatDecimal((sats * 90_000n * 10n ** 10n) / per, 18, 4)} USDC`;
    const payback = `${formatDecimal(r.paybackDaysX18!, 18, 1)} days`;
    for (let i = 0; i < 100 && (await roi.getByTestId("roi-payback").textContent()) !== payback; ++i)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await roi.getByTestId("roi-payback").textContent()).to.equal(payback);
    expect(await roi.getByTestId("roi-break-even").textContent()).to.equal(`${usdc(r.breakEvenTariffPerKWh)}/kWh`);
    expect(await roi.getByTestId("roi-shut-off").textContent()).to.equal(usdc(r.shutOffHashpricePerPHDay!));
    expect(await roi.getByTestId("roi-hashprice").textContent()).to.equal(usdc(r.hashpricePerPHDay));
    // The forecast band shows, with the numbers the SDK computes from the oracle's NetworkSet history (the
    // seed records one value: too little, so the labelled real dataset is used) through the same ROI math.
    const rigInfo = await getRig(client, { contracts, rigId: activity.rigId });
    const history = await getDifficultyHistory(client, { contracts, payoutToken: rigInfo.payoutToken });
    const forecast = difficultyForecast(history, { algorithm: rigInfo.algorithm });
    expect(forecast.trend, "a forecast for the SHA-256 rig").to.not.equal(undefined);
    const band = forecastPaybacks(roiInputs, forecast.trend!);
    const shown = roi.getByTestId("roi-forecast");
    await shown.getByTestId("roi-forecast-model").waitFor({ timeout: 20_000 });
    expect(await shown.getByTestId("roi-forecast-model").textContent()).to.equal(
      "description" in forecast ? forecast.description : "",
    );
    expect(await shown.getByTestId("roi-forecast-shortfall").textContent()).to.contain(
      `not enough history (${history.length} of 12 adjustments)`,
    );
    for (const [id, p] of [
      ["roi-payback-expected", band.expected],
      ["roi-payback-pessimistic", band.pessimistic],
      ["roi-payback-optimistic", band.optimistic],
    ] as const)
      expect(await shown.getByTestId(id).textContent(), id).to.equal(formatPaybackDays(p));
    // The break-even price is where the net really ends: typed in, the day nets nothing more than costs.
    await roi.getByTestId("roi-electricity").fill("100");
    expect(await roi.getByTestId("roi-payback").textContent()).to.equal("never at these inputs");
    await screenshot(page, "roi");
    await go("#/rigs");
  });

  it("connects the wallet it discovered through EIP-6963 and shows the account and network", async function () {
    const connect = page.getByTestId("connect");
    expect(await connect.textContent()).to.contain("Rigshare Test Wallet");
    expect(await connect.count()).to.equal(1); // the announced wallet is also window.ethereum: listed once
    await connect.click();
    await page.getByTestId("account").waitFor();
    expect(await page.getByTestId("account").getAttribute("title")).to.equal(buyer);
    expect(await page.getByTestId("network").textContent()).to.match(/^Hardhat · #\d+$/);
    expect(wallet.connected).to.be.true;
  });

  it("prompts to switch when the wallet is on another chain, and switches without a reload", async function () {
    await page.evaluate("window.marker = 42");
    await wallet.setChain(1);
    const banner = page.getByTestId("wrong-network");
    await banner.waitFor();
    expect(await banner.textContent()).to.contain("Rigshare is not deployed");
    await go("#/portfolio");
    expect(await page.getByTestId("needs-wallet").textContent()).to.contain("Switch your wallet's network");
    await page.getByTestId("switch-network").click();
    await banner.waitFor({ state: "detached" });
    expect(wallet.chainId).to.equal(node.chainId);
    expect(await page.evaluate("window.marker")).to.equal(42);
  });

  it("mints with an approval first, showing both steps, and pays exactly shares × price", async function () {
    await go(`#/rigs/${activity.rigId}`);
    const before = await tokenBalance(usdc, buyer);
    await page.getByTestId("mint-shares").fill("5.5");
    expect(await page.getByTestId("mint").locator(".error").textContent()).to.equal(
      'invalid amount "5.5": shares must be a whole number',
    );
    expect(await page.getByTestId("mint-submit").isDisabled()).to.be.true;
    await page.getByTestId("mint-shares").fill("5");
    expect(await page.getByTestId("mint-cost").textContent()).to.equal("Cost: 17 USDC");
    expect(await page.getByTestId("mint-steps").textContent()).to.contain("(needed)");
    expect(await page.getByTestId("mint-submit").textContent()).to.equal("Approve and mint");
    await page.getByTestId("mint-submit").click();
    expect(await outcome("Mint 5 shares")).to.equal("confirmed");
    const steps = await tx("Mint 5 shares").getByTestId("tx-step").allTextContents();
    expect(steps.map((s) => s.replace(/0x.*/, "").trim())).to.deep.equal(["✓ approve USDC", "✓ mint"]);
    expect(before - (await tokenBalance(usdc, buyer))).to.equal(17n * USDC); // 5 × 3.40 USDC
    const rig = await getRig(client, { contracts, rigId: activity.rigId });
    expect(rig.sharesAvailable).to.equal(1000n - 200n - 5n);
    await page.waitForFunction(
      `document.querySelector('[data-testid="rig-shares-left"]')?.textContent === "795 of 1000"`,
    );
    await screenshot(page, "rig");
  });

  it("shows a position's rewards ticking between blocks and rising after time advances", async function () {
    await pushLargeEpoch();
    await wallet.setAccount(holder3);
    await go("#/portfolio");
    const id = encodePositionId(activity.rigId, 2n);
    const pending = page.getByTestId(`position-${id}`).getByTestId("position-pending");
    await pending.waitFor();
    const raw = async () => BigInt((await pending.getAttribute("data-raw"))!);
    // Between blocks: the stream runs, no block is mined, the number still moves.
    const block = await client.getBlockNumber();
    const first = await raw();
    await page.waitForTimeout(2_500);
    expect(await client.getBlockNumber()).to.equal(block);
    expect(await raw()).to.be.greaterThan(first);
    // After an hour of chain time: at least the contract's pendingReward at the new block, and no more than
    // a few seconds of stream beyond it.
    await rpc(node.url, "evm_increaseTime", [3_600]);
    await rpc(node.url, "evm_mine");
    const onChain = await client.readContract({
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "pendingReward",
      args: [id],
    });
    await page.waitForFunction(([el, min]) => BigInt(el!.getAttribute("data-raw")!) >= BigInt(min), [
      await pending.elementHandle(),
      onChain.toString(),
    ] as const);
    const stream = (await getRig(client, { contracts, rigId: activity.rigId })).stream;
    const perSecond = (stream.rateX18 * 50n) / stream.totalShares / 10n ** 18n + 1n;
    const shown = await raw();
    expect(shown >= onChain && shown <= onChain + perSecond * 10n, `${shown} vs ${onChain}`).to.be.true;
    expect(onChain).to.be.greaterThan(first);
    await screenshot(page, "portfolio");
  });

  it("claims a position and shows the wallet balance change by exactly what was paid", async function () {
    const balance = page.getByTestId("wallet-balance");
    const before = await tokenBalance(wbtc, holder3);
    expect(BigInt((await balance.getAttribute("data-raw"))!)).to.equal(before);
    const id = encodePositionId(activity.rigId, 2n);
    await page.getByTestId(`position-${id}`).getByTestId("claim").click();
    expect(await outcome(`Claim #${id}`)).to.equal("confirmed");
    const after = await tokenBalance(wbtc, holder3);
    const receipt = await client.getTransactionReceipt({
      hash: (await tx(`Claim #${id}`).getByTestId("tx-step").locator("code").getAttribute("title")) as `0x${string}`,
    });
    const [claimed] = parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName: "RewardsClaimed" });
    expect(after - before)
      .to.equal(claimed!.args.amount)
      .and.to.be.greaterThan(0n);
    await page.waitForFunction(([el, v]) => el!.getAttribute("data-raw") === v, [
      await balance.elementHandle(),
      after.toString(),
    ] as const);
  });

  it("lists a position from the portfolio, and a second account buys part of it", async function () {
    await wallet.setAccount(buyer);
    const id = encodePositionId(activity.rigId, 4n); // minted by `buyer` above
    const card = page.getByTestId(`position-${id}`);
    await card.waitFor();
    await card.getByTestId("mode-sell").click();
    expect(await card.getByTestId("market-fee").textContent()).to.equal(
      "Market fee: 1% of each sale, plus the rig's royalty, taken from your proceeds.",
    );
    await card.getByTestId("list-price").fill("120");
    await card.getByTestId("list-min-fill").fill("1");
    await card.getByTestId("list-submit").click();
    expect(await outcome(`List #${id} for sale`)).to.equal("confirmed");
    const listed = await getListing(client, { contracts, positionId: id });
    expect([listed.status, listed.shares, listed.pricePerShare]).to.deep.equal(["live", 5n, 120n * USDC]);

    await wallet.setAccount(second);
    await go("#/market");
    const row = page.getByTestId(`listing-${id}`);
    await row.waitFor();
    const paid = await tokenBalance(usdc, second);
    await row.getByTestId("buy-shares").fill("2");
    await row.getByTestId("buy-submit").click();
    expect(await outcome(`Buy 2 shares of #${id}`)).to.equal("confirmed");
    expect(paid - (await tokenBalance(usdc, second))).to.equal(240n * USDC);
    await page.waitForFunction(
      (el) => el?.textContent === "3",
      await row.getByTestId("listing-shares").elementHandle(),
    );
    expect((await getListing(client, { contracts, positionId: id })).shares).to.equal(3n);
    await go("#/portfolio");
    await page.getByTestId(`position-${encodePositionId(activity.rigId, 5n)}`).waitFor();
    expect(
      await page
        .getByTestId(`position-${encodePositionId(activity.rigId, 5n)}`)
        .getByTestId("position-shares")
        .textContent(),
    ).to.equal("2");
  });

  it("rents a position and shows the renter's window with its rewards", async function () {
    await go("#/market");
    const id = activity.rentalListing.positionId;
    const row = page.getByTestId(`rental-listing-${id}`);
    await row.waitFor();
    const paid = await tokenBalance(usdc, second);
    await row.getByTestId("rent-days").fill("2");
    await row.getByTestId("rent-submit").click();
    expect(await outcome(`Rent #${id} for 2 days`)).to.equal("confirmed");
    expect(paid - (await tokenBalance(usdc, second))).to.equal(2n * ACTIVITY.rental.pricePerDay);
    await screenshot(page, "market");
    await go("#/portfolio");
    const card = page.getByTestId(`rental-${id}`);
    await card.waitFor();
    expect(await card.textContent()).to.contain("Your window: until");
    const earned = card.getByTestId("rental-earned");
    const first = await earned.textContent();
    await page.waitForFunction(([el, v]) => el!.textContent !== v, [await earned.elementHandle(), first] as const, {
      timeout: 10_000,
    });
  });

  it("makes a signed offer and lets a holder of the rig fill part of it", async function () {
    await go("#/market");
    // No indexer here, so no relay: the fallback keeps offers in this browser (relayJourney.test.ts has the relay).
    expect(await page.getByTestId("offers-source").textContent()).to.contain(
      "No order relay is configured for this network: offers are kept in this browser only.",
    );
    await page.getByTestId("offer-shares").fill("4");
    await page.getByTestId("offer-price").fill("105");
    await page.getByTestId("offer-submit").click();
    expect(await outcome("Offer for 4 shares")).to.equal("confirmed");
    const offer = page.getByTestId("offer-row").first();
    await page.waitForFunction((el) => el?.getAttribute("data-status") === "open", await offer.elementHandle());

    await wallet.setAccount(holder3);
    const before = await tokenBalance(usdc, holder3);
    await offer.getByTestId("offer-fill-shares").waitFor();
    await offer.getByTestId("offer-fill-shares").fill("3");
    await offer.getByTestId("offer-fill").click();
    expect(await outcome("Sell 3 shares to an offer")).to.equal("confirmed");
    await page.waitForFunction(
      (el) => el?.textContent?.startsWith("1 of 4"),
      await offer.locator("td").nth(2).elementHandle(),
    );
    // The seller's proceeds wait in the market (pull payments): 3 × 105 USDC less the rig's 5% royalty and
    // the market's 1% fee = 296.1 USDC.
    expect(await tokenBalance(usdc, holder3)).to.equal(before);
    await page.getByTestId("market-proceeds").waitFor();
    expect(await page.getByTestId("market-proceeds").textContent()).to.contain("296.1 USDC");
  });

  it("lets the operator fail over to declared backup capacity, and the rig shows it", async function () {
    await wallet.setAccount(operator);
    await go("#/operator");
    const card = page.getByTestId(`operated-rig-${activity.rigId}`);
    await card.waitFor();
    expect(await card.getByTestId("failover").textContent()).to.contain("none declared");
    await card.getByTestId("backup-th").fill("150");
    await card.getByRole("button", { name: "Declare" }).click();
    expect(await outcome("Declare 150 TH/s backup")).to.equal("confirmed");
    await card.getByTestId("failover-switch").click();
    expect(await outcome("Fail over to backup")).to.equal("confirmed");
    await page.waitForFunction(
      (el) => el?.textContent?.includes("running on backup"),
      await card.getByTestId("failover").elementHandle(),
    );
    expect(await card.getByTestId("rig-status").textContent()).to.contain("on backup");
    await screenshot(page, "operator");
  });

  it("splits a position and merges it back, each settling on chain", async function () {
    await wallet.setAccount(holder3);
    await go("#/portfolio");
    const kept = encodePositionId(activity.rigId, 2n);
    const card = page.getByTestId(`position-${kept}`);
    await card.waitFor();
    const shares = BigInt((await card.getByTestId("position-shares").textContent())!);
    await card.getByTestId("mode-split").click();
    await card.getByTestId("split-shares").fill(String(shares));
    expect(await card.locator(".error").textContent()).to.contain(`fewer than the position's ${shares} shares`);
    expect(await card.getByTestId("split-submit").isDisabled()).to.be.true;
    await card.getByTestId("split-shares").fill("10");
    await card.getByTestId("split-submit").click();
    expect(await outcome(`Split 10 shares off #${kept}`)).to.equal("confirmed");
    const { lastSerial } = await getRig(client, { contracts, rigId: activity.rigId });
    const splitOff = encodePositionId(activity.rigId, lastSerial);
    await page.getByTestId(`position-${splitOff}`).waitFor();
    expect(await page.getByTestId(`position-${splitOff}`).getByTestId("position-shares").textContent()).to.equal("10");
    await page.waitForFunction(([el, v]) => el?.textContent === v, [
      await card.getByTestId("position-shares").elementHandle(),
      String(shares - 10n),
    ] as const);

    await card.getByTestId("mode-merge").click();
    await card.getByTestId("merge-select").selectOption(String(splitOff));
    await card.getByTestId("merge-submit").click();
    expect(await outcome(`Merge #${splitOff} into #${kept}`)).to.equal("confirmed");
    await page.getByTestId(`position-${splitOff}`).waitFor({ state: "detached" });
    const position = await client.readContract({
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "position",
      args: [kept],
    });
    expect(position.shares).to.equal(shares);
  });

  it("lists a position for rent from the portfolio and cancels it, and cancels a sale listing", async function () {
    await wallet.setAccount(second);
    await go("#/portfolio");
    const id = encodePositionId(activity.rigId, 5n); // the 2 shares #5 bought above
    const card = page.getByTestId(`position-${id}`);
    await card.waitFor();
    // The admin schedules a fee increase: makers see it before they list (it applies 7 days later).
    const admin = testWalletClient(node.url, node.chainId, HARDHAT_KEYS.deployer);
    const [, treasury] = await client.readContract({
      address: contracts.market!,
      abi: shareMarketAbi,
      functionName: "fee",
    });
    await client.waitForTransactionReceipt({
      hash: await writeContract(admin, {
        address: contracts.market!,
        abi: shareMarketAbi,
        functionName: "setFee",
        args: [300n, treasury],
        chain: undefined,
      }),
    });
    await card.getByTestId("mode-rent").click();
    await card.getByTestId("market-fee-pending").waitFor();
    expect(await card.getByTestId("market-fee").textContent()).to.match(
      /^Market fee: 1% of each rental taken from your proceeds\. It rises to 3% from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: fills from then pay it \(cancel before if you disagree\)\.$/,
    );
    await card.getByTestId("rent-price").fill("1.5");
    await card.getByTestId("list-rent-submit").click();
    expect(await outcome(`List #${id} for rent`)).to.equal("confirmed");
    expect((await getRentalListing(client, { contracts, positionId: id })).pricePerDay).to.equal(1_500_000n);
    await card.getByTestId("cancel-rental-listing").click();
    expect(await outcome(`Cancel rental listing of #${id}`)).to.equal("confirmed");
    expect((await getRentalListing(client, { contracts, positionId: id })).status).to.equal("none");

    await wallet.setAccount(buyer);
    const listed = encodePositionId(activity.rigId, 4n); // 3 of its 5 shares still listed
    const listedCard = page.getByTestId(`position-${listed}`);
    await listedCard.getByTestId("cancel-listing").click();
    expect(await outcome(`Cancel listing of #${listed}`)).to.equal("confirmed");
    expect((await getListing(client, { contracts, positionId: listed })).status).to.equal("none");
    await listedCard.getByTestId("position-listing").waitFor({ state: "detached" });
  });

  it("treats a transaction rejected in the wallet as a rejection, not an error, and sends nothing", async function () {
    await wallet.setAccount(holder3);
    await go("#/portfolio");
    const id = encodePositionId(activity.rigId, 2n);
    await page.getByTestId(`position-${id}`).getByTestId("claim").waitFor();
    const sent = sentTransactions();
    wallet.rejectNext();
    await page.getByTestId(`position-${id}`).getByTestId("claim").click();
    expect(await outcome(`Claim #${id}`)).to.equal("rejected");
    expect(await tx(`Claim #${id}`).getByTestId("tx-message").textContent()).to.equal(
      "You rejected the request in your wallet; nothing was sent.",
    );
    expect(sentTransactions()).to.equal(sent);
    expect(await page.getByRole("heading", { name: "Portfolio" }).count()).to.equal(1);
  });

  it("shows a refused fill as its readable custom-error message, with nothing sent", async function () {
    // Holder #3's own listing requires fills of at least 5 shares; #5 asks for 2.
    await wallet.setAccount(second);
    await go("#/market");
    const id = activity.saleListing.positionId;
    const row = page.getByTestId(`listing-${id}`);
    await row.waitFor();
    const sent = sentTransactions();
    await row.getByTestId("buy-shares").fill("2");
    await row.getByTestId("buy-submit").click();
    expect(await outcome(`Buy 2 shares of #${id}`)).to.equal("failed");
    const message = await tx(`Buy 2 shares of #${id}`).getByTestId("tx-message").textContent();
    expect(message)
      .to.match(/2 shares/)
      .and.not.to.match(/0x[0-9a-f]{8}|reverted with/i);
    expect(sentTransactions()).to.equal(sent);
    expect((await getListing(client, { contracts, positionId: id })).shares).to.equal(ACTIVITY.sale.shares);
  });

  it("shows the node's revert of a transfer of a rented position as its message, with nothing sent", async function () {
    // No pre-flight check in the SDK for this one: the simulation goes through the wallet to the node,
    // which reverts with DistributorPositionRented; the app decodes it from the revert data.
    const owner = HARDHAT_ACCOUNTS.holders[0] as Address; // #2, whose position #5 rents
    await wallet.setAccount(owner);
    await go("#/portfolio");
    const id = activity.rentalListing.positionId;
    const card = page.getByTestId(`position-${id}`);
    await card.getByTestId("position-rented").waitFor();
    const sent = sentTransactions();
    const calls = wallet.forwarded.length;
    await card.getByTestId("mode-transfer").click();
    await card.getByTestId("transfer-to").fill(buyer);
    await card.getByTestId("transfer-submit").click();
    expect(await outcome(`Transfer #${id}`)).to.equal("failed");
    expect(await tx(`Transfer #${id}`).getByTestId("tx-message").textContent()).to.match(
      new RegExp(`^Position ${id} is rented out until .*: it cannot change hands`),
    );
    expect(wallet.forwarded.length).to.be.greaterThan(calls); // the node was asked, and refused
    expect(sentTransactions()).to.equal(sent);
    expect(
      await client.readContract({
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "ownerOf",
        args: [id],
      }),
    ).to.equal(owner);
  });

  it("after the rental ends, the owner's part accrues again, exactly as the contract splits it", async function () {
    const id = activity.rentalListing.positionId; // #2's position, rented by #5 for 2 days above
    const rental = await getRental(client, { contracts, positionId: id });
    const head = (await client.getBlock()).timestamp;
    if (head <= rental.expires) await rpc(node.url, "evm_increaseTime", [Number(rental.expires - head + 1n)]);
    await pushLargeEpoch(); // a new stream after the expiry: only the owner earns from it
    await go("#/portfolio");
    const card = page.getByTestId(`position-${id}`);
    await card.getByTestId("position-rented").waitFor({ state: "detached" });
    const pending = card.getByTestId("position-pending");
    const split = await getPendingSplit(client, { contracts, positionId: id });
    expect(split.renterPart).to.be.greaterThan(0n); // the window's rewards wait for the renter
    await page.waitForFunction(([el, min]) => BigInt(el!.getAttribute("data-raw")!) >= BigInt(min), [
      await pending.elementHandle(),
      split.ownerPart.toString(),
    ] as const);
    const stream = (await getRig(client, { contracts, rigId: activity.rigId })).stream;
    const perSecond = (stream.rateX18 * ACTIVITY.mints[0]) / stream.totalShares / 10n ** 18n + 1n;
    const shown = BigInt((await pending.getAttribute("data-raw"))!);
    expect(shown >= split.ownerPart && shown <= split.ownerPart + perSecond * 10n, `${shown} vs ${split.ownerPart}`).to
      .be.true;
    // And it ticks between blocks, as before the rental.
    const block = await client.getBlockNumber();
    await page.waitForTimeout(2_500);
    expect(await client.getBlockNumber()).to.equal(block);
    expect(BigInt((await pending.getAttribute("data-raw"))!)).to.be.greaterThan(shown);
  });
});
