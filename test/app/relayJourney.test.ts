// Signed offers through the shared order relay, in a real browser: the same stack as journeys.test.ts (Chromium
// via playwright-core, the production build under `vite preview`, a `hardhat node` deployed and seeded, the
// injected test wallet) plus the indexer (scripts/lib/indexer.ts, PGlite) with the relay mounted at /orders,
// which the app is configured with (RIGSHARE_INDEXER_URL_<chainId>; the relay defaults to the indexer's).
//
// Two browser contexts, each with its own storage and its own wallet account: A (holder #4) signs an offer,
// the app publishes it; B (holder #3), whose storage is empty, finds it in the market because the relay
// serves it, and sells into it; both then show it filled. A refused submission (a duplicate) shows the
// relay's readable message, and a submission while the relay is down keeps the signature in the browser
// until it is published again once the relay is back. Then B signs a listing in the app; A, who never saw it,
// buys part of it from the relay's book; both show it partial; B cancels the rest. Every step is checked
// against the DOM, the relay's own answer and the chain.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type Address, type Hex, type PublicClient, erc20Abi } from "viem";

import { getOrderState } from "../../sdk/actions/getOrderState.js";
import { type RigshareContracts, contractsOf } from "../../sdk/addressBook.js";
import { shortAddress } from "../../sdk/display.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { getOrders, getRelayOrder } from "../../sdk/relay.js";
import { encodeSignedOrder } from "../../sdk/signedOrders.js";
import { type Indexer, startIndexer } from "../../scripts/lib/indexer.js";
import {
  type ActivitySummary,
  type AppServer,
  type Deployment,
  HARDHAT_ACCOUNTS,
  type LocalNode,
  deployProtocol,
  seedActivity,
  startAppServer,
  startNode,
  testPublicClient,
} from "../../scripts/lib/localStack.js";
import { collectPageErrors, launchBrowser, screenshot } from "./browser.js";
import { installTestWallet } from "./wallet.js";

const maker = HARDHAT_ACCOUNTS.holders[2] as Address; // #4: USDC, no position
const taker = HARDHAT_ACCOUNTS.holders[1] as Address; // #3: positions …02 (50 shares) and …03 (30, listed)
const USDC = 10n ** 6n;

type Session = { context: BrowserContext; page: Page; errors: string[] };

describe("signed offers and listings through the order relay (two browser contexts, indexer with the relay)", function () {
  this.timeout(240_000);

  let node: LocalNode;
  let tmp: string;
  let deployment: Deployment;
  let contracts: RigshareContracts;
  let activity: ActivitySummary;
  let indexer: Indexer;
  let app: AppServer;
  let browser: Browser;
  let a: Session;
  let b: Session;
  let client: PublicClient;
  let usdc: Address;
  /** The offer A signs first (its EIP-712 struct hash, lowercase). */
  let offerHash: Hex;
  /** The first indexer's PGlite directory once a restart reuses it (stop() then leaves it: removed here). */
  let reusedDataDir: string | undefined;
  /** Brings the relay back when a test that stopped it failed before starting it again. */
  let restartOnFailure: (() => Promise<void>) | undefined;
  /** Page errors the current test expects (the relay is down on purpose): dropped before the check. */
  let expectedErrors: RegExp | undefined;

  const tokenBalance = (account: Address) =>
    client.readContract({ address: usdc, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const row = (s: Session, hash: string) => s.page.locator(`[data-testid="offer-row"][data-order-hash="${hash}"]`);
  const storedOffers = (s: Session) =>
    s.page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith("rigshare.offers."))
        .map((k) => JSON.parse(localStorage.getItem(k)!) as string[])
        .flat(),
    );
  /** Waits until the action titled `title` ends; returns how (confirmed, failed, rejected) and its message. */
  async function outcome(s: Session, title: RegExp | string): Promise<{ status: string; message: string | null }> {
    const entry = s.page.locator('[data-testid="tx"]').filter({ hasText: title }).first();
    await entry.waitFor();
    await s.page.waitForFunction(
      (el) => !["wallet", "pending"].includes(el!.getAttribute("data-status") ?? ""),
      await entry.elementHandle(),
      { timeout: 60_000 },
    );
    const message = entry.getByTestId("tx-message");
    return {
      status: (await entry.getAttribute("data-status"))!,
      message: (await message.count()) ? await message.textContent() : null,
    };
  }
  /** Waits until the offer's row shows `status` (the relay's status, as the page last read it). */
  async function statusShown(s: Session, hash: string, status: string): Promise<void> {
    await row(s, hash).waitFor({ timeout: 20_000 });
    await s.page.waitForFunction(
      ([el, v]) => el?.getAttribute("data-status") === v,
      [await row(s, hash).elementHandle(), status] as const,
      { timeout: 20_000 },
    );
  }

  async function openSession(account: Address): Promise<Session> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await installTestWallet(page, { rpcUrl: node.url, accounts: [account], chainId: node.chainId });
    await page.goto(`${app.url}#/market`);
    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    return { context, page, errors };
  }

  before(async function () {
    node = await startNode();
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-relay-app-"));
    deployment = await deployProtocol({
      rpcUrl: node.url,
      outDir: tmp,
      deploymentId: `app-relay-${process.pid}-${Date.now()}`,
      compile: false,
      reset: true,
    });
    contracts = contractsOf(deployment.book);
    usdc = deployment.book.tokens!.USDC!.address;
    client = testPublicClient(node.url, node.chainId);
    activity = await seedActivity({ rpcUrl: node.url, book: deployment.book });
    indexer = await startIndexer({ addressBookFile: deployment.addressBookFile, rpcUrl: node.url });
    app = await startAppServer({
      deploymentsDir: tmp,
      rpcUrl: node.url,
      chainId: node.chainId,
      indexerUrl: indexer.url,
      mode: "preview",
    });
    browser = await launchBrowser();
    [a, b] = [await openSession(maker), await openSession(taker)];
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await indexer?.stop();
    if (reusedDataDir)
      for (const dir of [reusedDataDir, `${reusedDataDir}-relay`]) await rm(dir, { recursive: true, force: true });
    await node?.stop();
    await deployment?.cleanup();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(async function () {
    const restart = restartOnFailure;
    restartOnFailure = undefined;
    await restart?.();
    for (const s of [a, b]) {
      const errors = s?.errors.splice(0).filter((e) => !expectedErrors?.test(e)) ?? [];
      expect(errors, "uncaught errors in the page").to.deep.equal([]);
    }
    expectedErrors = undefined;
  });

  it("publishes an offer signed in A's browser to the relay, keeping nothing in the browser", async function () {
    expect(await a.page.getByTestId("offers-source").textContent()).to.contain(
      `Offers are published to the order relay (${indexer.url})`,
    );
    await a.page.getByText("No offer on the relay yet.").waitFor();
    await a.page.getByTestId("offer-shares").fill("4");
    await a.page.getByTestId("offer-price").fill("105");
    await a.page.getByTestId("offer-submit").click();
    expect(await outcome(a, "Offer for 4 shares")).to.deep.equal({ status: "confirmed", message: null });

    const { orders } = await getOrders(indexer.url, { side: "offer", maker, status: "all" });
    expect(orders.map((o) => [o.status, o.shares, o.pricePerShare, o.rigId])).to.deep.equal([
      ["open", 4n, 105n * USDC, activity.rigId],
    ]);
    offerHash = orders[0]!.orderHash.toLowerCase() as Hex;
    await statusShown(a, offerHash, "open");
    expect(await row(a, offerHash).getAttribute("data-published")).to.equal("true");
    expect(await row(a, offerHash).getByTestId("offer-left").textContent()).to.equal("4 of 4");
    expect(await storedOffers(a)).to.deep.equal([]);
  });

  it("shows the offer in B's browser, whose storage is empty, and B sells into it", async function () {
    // B's context never saw the offer: it is on B's page only because the relay serves it.
    expect(await storedOffers(b)).to.deep.equal([]);
    await statusShown(b, offerHash, "open");
    const offer = row(b, offerHash);
    expect(await offer.locator("td").nth(1).textContent()).to.equal(shortAddress(maker));
    await screenshot(b.page, "relay-offer-taker");

    const paid = await tokenBalance(maker);
    const position = encodePositionId(activity.rigId, 2n);
    await offer.getByTestId("offer-position").selectOption(position.toString());
    await offer.getByTestId("offer-fill-shares").fill("4");
    await offer.getByTestId("offer-fill").click();
    expect((await outcome(b, "Sell 4 shares to an offer")).status).to.equal("confirmed");

    const { orders } = await getOrders(indexer.url, { side: "offer", maker, status: "all" });
    const onChain = await getOrderState(client, {
      contracts,
      orderHash: offerHash,
      maker,
      counter: orders[0]!.order.order.counter,
    });
    expect(onChain.filled).to.equal(4n);
    expect(paid - (await tokenBalance(maker))).to.equal(4n * 105n * USDC);
    expect((await getRelayOrder(indexer.url, offerHash)).status).to.equal("filled");
  });

  it("shows the offer filled in both browsers", async function () {
    await statusShown(b, offerHash, "filled");
    await statusShown(a, offerHash, "filled");
    for (const s of [a, b]) {
      expect(await row(s, offerHash).getByTestId("offer-left").textContent()).to.equal("0 of 4");
      expect(await row(s, offerHash).getByTestId("offer-fill").count()).to.equal(0);
    }
    expect(await row(a, offerHash).getByTestId("offer-cancel").count()).to.equal(0);
    await screenshot(a.page, "relay-offer-filled");
  });

  it("shows the relay's refusal of a duplicate as its readable message, keeping no copy", async function () {
    expectedErrors = /status of 409 \(Conflict\)/; // the browser logs the relay's refusal
    const entry = await getRelayOrder(indexer.url, offerHash);
    await b.page.getByTestId("offer-import-text").fill(encodeSignedOrder(entry.order));
    await b.page.getByTestId("offer-import").click();
    const { status, message } = await outcome(b, "Publish imported offer to the relay");
    expect(status).to.equal("failed");
    expect(message).to.equal(
      `The order relay refused the request (duplicate, orderHash): order ${entry.orderHash} is already in the book.`,
    );
    expect(await storedOffers(b)).to.deep.equal([]);
    expect(await b.page.locator('[data-testid="offer-row"]').count()).to.equal(1);
  });

  it("keeps an offer signed while the relay is down, and publishes it once the relay is back", async function () {
    // The relay (the indexer) goes away; its data stays, and it comes back on the same port: the pages log
    // their failed requests meanwhile (and the 503s of an indexer starting again).
    expectedErrors = /net::ERR_CONNECTION_(REFUSED|RESET)|Failed to fetch|status of 503 \(Service Unavailable\)/;
    const { port, dataDir } = indexer;
    reusedDataDir = dataDir;
    await indexer.kill();
    const restart = async () => {
      indexer = await startIndexer({ addressBookFile: deployment.addressBookFile, rpcUrl: node.url, port, dataDir });
    };
    // Should a step below fail, the relay comes back anyway (afterEach): the next test needs it.
    restartOnFailure = restart;
    await a.page.getByTestId("offer-shares").fill("3");
    await a.page.getByTestId("offer-price").fill("101");
    await a.page.getByTestId("offer-submit").click();
    const { status, message } = await outcome(a, "Offer for 3 shares");
    expect(status).to.equal("failed");
    expect(message).to.match(
      new RegExp(
        `^The order relay at ${indexer.url}/orders could not be reached: .+\\. Your signed offer is kept in this browser: publish it again from the offers list\\.$`,
      ),
    );
    const kept = await storedOffers(a);
    expect(kept).to.have.length(1);
    const keptHash = (JSON.parse(kept[0]!) as { orderHash: string }).orderHash.toLowerCase();
    const pending = row(a, keptHash);
    await pending.waitFor();
    expect(await pending.getAttribute("data-published")).to.equal("false");
    // The row's status is read from the chain after the row appears ("…" until then).
    await a.page.waitForFunction(
      (el) => el?.textContent === "open · not published",
      await pending.getByTestId("offer-status").elementHandle(),
      { timeout: 20_000 },
    );
    await a.page.getByTestId("offers-relay-error").waitFor();

    restartOnFailure = undefined;
    await restart();
    await a.page.getByTestId("offers-relay-error").waitFor({ state: "detached", timeout: 20_000 });
    await pending.getByTestId("offer-publish").click();
    expect((await outcome(a, "Publish offer to the relay")).status).to.equal("confirmed");
    await statusShown(a, keptHash, "open");
    expect(await row(a, keptHash).getAttribute("data-published")).to.equal("true");
    expect(await storedOffers(a)).to.deep.equal([]);
    expect((await getRelayOrder(indexer.url, keptHash as Hex)).status).to.equal("open");
    // And B sees it too, without a reload.
    await statusShown(b, keptHash, "open");
  });

  it("publishes a listing B signs in the app; A buys part of it from the relay's book; B cancels the rest", async function () {
    const listingRow = (s: Session, hash: string) =>
      s.page.locator(`[data-testid="signed-listing-row"][data-order-hash="${hash}"]`);
    const listingStatus = async (s: Session, hash: string, status: string) => {
      await listingRow(s, hash).waitFor({ timeout: 20_000 });
      await s.page.waitForFunction(
        ([el, v]) => el?.getAttribute("data-status") === v,
        [await listingRow(s, hash).elementHandle(), status] as const,
        { timeout: 20_000 },
      );
    };
    expect(await b.page.getByTestId("signed-listings-source").textContent()).to.contain(
      `Signed listings live on the order relay (${indexer.url})`,
    );
    // Position …02 of B (46 shares after the sale into A's offer): 10 of them at 110 USDC a share.
    const position = encodePositionId(activity.rigId, 2n);
    await b.page.getByTestId("sign-listing-position").selectOption(position.toString());
    await b.page.getByTestId("sign-listing-shares").fill("10");
    await b.page.getByTestId("sign-listing-price").fill("110");
    await b.page.getByTestId("sign-listing-submit").click();
    expect(await outcome(b, `Signed listing of 10 shares of #${position}`)).to.deep.equal({
      status: "confirmed",
      message: null,
    });
    const { orders } = await getOrders(indexer.url, { side: "listing", maker: taker, status: "all" });
    expect(orders.map((o) => [o.status, o.shares, o.pricePerShare, o.positionId])).to.deep.equal([
      ["open", 10n, 110n * USDC, position],
    ]);
    const hash = orders[0]!.orderHash.toLowerCase();

    // A never saw it: it is on A's page because the relay serves it.
    await listingStatus(a, hash, "open");
    expect(await listingRow(a, hash).locator("td").nth(2).textContent()).to.equal(shortAddress(taker));
    const paid = await tokenBalance(maker);
    await listingRow(a, hash).getByTestId("signed-listing-buy-shares").fill("3");
    await listingRow(a, hash).getByTestId("signed-listing-buy").click();
    expect((await outcome(a, "Buy 3 shares of a signed listing")).status).to.equal("confirmed");
    expect(paid - (await tokenBalance(maker))).to.equal(3n * 110n * USDC);
    const state = await getOrderState(client, {
      contracts,
      orderHash: hash as Hex,
      maker: taker,
      counter: orders[0]!.order.order.counter,
    });
    expect(state.filled).to.equal(3n);
    for (const s of [a, b]) {
      await listingStatus(s, hash, "partial");
      expect(await listingRow(s, hash).getByTestId("signed-listing-left").textContent()).to.equal("7 of 10");
    }
    // A buyer cannot take more than is left: a readable problem, nothing sent.
    await listingRow(a, hash).getByTestId("signed-listing-buy-shares").fill("8");
    expect(await listingRow(a, hash).getByTestId("signed-listing-buy").isDisabled()).to.equal(true);
    expect(await listingRow(a, hash).locator(".error").textContent()).to.equal("shares must be between 1 and 7");

    await listingRow(b, hash).getByTestId("signed-listing-cancel").click();
    expect((await outcome(b, "Cancel signed listing")).status).to.equal("confirmed");
    await listingStatus(b, hash, "cancelled");
    expect((await getRelayOrder(indexer.url, hash as Hex)).status).to.equal("cancelled");
    // Off A's book once cancelled: only live listings are shown to others.
    await listingRow(a, hash).waitFor({ state: "detached", timeout: 20_000 });
    await screenshot(b.page, "relay-signed-listing-cancelled");
  });
});
