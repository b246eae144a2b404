// The operator's page in a real browser (Chromium, vite preview, hardhat node, injected wallet), set up as the
// journeys are (scripts/deploy.ts --seed, seedActivity). As the seeded operator (#1, OPERATOR_ROLE): register
// a rig from the form and see it listed, set its terms before any mint, deposit a bond (with the approval
// step) and read the bond back from the chain; propose new terms for the seeded rig (it has shares, so they
// wait TERMS_DELAY) and see them pending, equal to the funder's; a fee above the funder's limit is refused as
// its decoded custom error, nothing sent; the seeded rig's epochs show as the rig page's charts. As a
// holder without the role: the page says which role, on which contract, and who grants it. A bad input
// (zero shares) shows why under the form, the button stays disabled and nothing is sent.

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import type { Address, PublicClient } from "viem";

import { getOperatorRole, OPERATOR_ROLE } from "../../sdk/actions/getOperatorRole.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { getRigTerms } from "../../sdk/actions/getRigTerms.js";
import { contractsOf } from "../../sdk/addressBook.js";
import type { RigshareContracts } from "../../sdk/addressBook.js";
import {
  type ActivitySummary,
  type AppServer,
  type Deployment,
  HARDHAT_ACCOUNTS,
  type LocalNode,
  startAppServer,
  testPublicClient,
} from "../../scripts/lib/localStack.js";
import { type SeededChain, startSeededChain } from "../helpers/seededChain.js";
import { collectPageErrors, launchBrowser, screenshot } from "./browser.js";
import { type TestWallet, installTestWallet } from "./wallet.js";

const operator = HARDHAT_ACCOUNTS.operator;
const holder = HARDHAT_ACCOUNTS.holders[2] as Address; // #4: no OPERATOR_ROLE

describe("web app: the operator's page (Chromium, vite preview, hardhat node)", function () {
  this.timeout(180_000);

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
  let newRigId: bigint;

  const tx = (title: RegExp | string) => page.locator('[data-testid="tx"]').filter({ hasText: title }).first();
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

  before(async function () {
    chain = await startSeededChain("app-operator");
    ({ node, deployment } = chain);
    activity = chain.activity!;
    contracts = contractsOf(deployment.book);
    client = testPublicClient(node.url, node.chainId);
    app = await startAppServer({
      deploymentsDir: chain.deploymentsDir,
      rpcUrl: node.url,
      chainId: node.chainId,
      mode: "preview",
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pageErrors = collectPageErrors(page);
    wallet = await installTestWallet(page, { rpcUrl: node.url, accounts: [holder, operator], chainId: node.chainId });
    await page.goto(`${app.url}#/rigs`);
    await page.getByTestId(`rig-card-${activity.rigId}`).waitFor({ timeout: 20_000 });
    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    expect(wallet.connected).to.equal(true);
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await chain?.stop();
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
  });

  it("tells an account without OPERATOR_ROLE which role it needs, on which contract, and who grants it", async function () {
    await wallet.setAccount(holder);
    await go("#/operator");
    const notice = page.getByTestId("operator-role-missing");
    await notice.waitFor({ timeout: 20_000 });
    const role = await getOperatorRole(client, { contracts, account: holder });
    expect(role.hasRole).to.be.false;
    expect(await notice.getByTestId("role-contract").textContent()).to.equal(contracts.rigShares);
    expect(await notice.getByTestId("role-admin").textContent()).to.equal(role.admin);
    expect(role.admin).to.equal(HARDHAT_ACCOUNTS.deployer);
    expect(await notice.getByTestId("role-id").textContent()).to.equal(OPERATOR_ROLE);
    expect(await notice.textContent()).to.contain(`grantRole(OPERATOR_ROLE, ${holder})`);
    expect(await page.getByTestId("register-rig").count()).to.equal(0);
    expect(await page.getByTestId("no-operated-rigs").textContent()).to.contain("operates no rig");
    await screenshot(page, "operator-no-role");
  });

  it("refuses zero shares with a readable message under the form, and sends nothing", async function () {
    await wallet.setAccount(operator);
    await go("#/operator");
    const form = page.getByTestId("register-rig");
    await form.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("operator-role-missing").count()).to.equal(0);
    const sent = sentTransactions();
    await form.getByTestId("rig-name-input").fill("Antminer S21 #2");
    await form.getByTestId("rig-hashrate").fill("200");
    await form.getByTestId("rig-power").fill("3500");
    await form.getByTestId("rig-shares").fill("0");
    await form.getByTestId("rig-price").fill("3.5");
    await form.getByTestId("rig-max-payout").fill("0.01");
    await form.getByTestId("rig-royalty").fill("5");
    expect(await form.locator(".error").textContent()).to.equal("the number of shares must be at least 1");
    expect(await form.getByTestId("register-submit").isDisabled()).to.be.true;
    expect(sentTransactions()).to.equal(sent);
  });

  it("registers a rig from the form, and lists it among the operator's rigs", async function () {
    const form = page.getByTestId("register-rig");
    const before = (await getRigs(client, { contracts })).length;
    await form.getByTestId("rig-shares").fill("1000");
    await page.waitForFunction(
      (el) => !el?.hasAttribute("disabled"),
      await form.getByTestId("register-submit").elementHandle(),
    );
    await form.getByTestId("register-submit").click();
    expect(await outcome('Register rig "Antminer S21 #2"')).to.equal("confirmed");
    const rigs = await getRigs(client, { contracts });
    expect(rigs.length).to.equal(before + 1);
    newRigId = rigs.at(-1)!.rigId;
    const rig = await getRig(client, { contracts, rigId: newRigId });
    expect(rig.operator).to.equal(operator);
    expect(rig.name).to.equal("Antminer S21 #2");
    expect(rig.hashrate).to.equal(200n * 10n ** 12n);
    expect(rig.powerWatts).to.equal(3_500n);
    expect(rig.totalShares).to.equal(1_000n);
    expect(rig.pricePerShare).to.equal(3_500_000n); // 3.5 USDC
    expect(rig.paymentToken).to.equal(deployment.book.tokens!.USDC!.address);
    expect(rig.payoutToken).to.equal(deployment.book.tokens!.WBTC!.address);
    expect(rig.epochLength).to.equal(86_400n);
    expect(rig.maxEpochPayout).to.equal(1_000_000n); // 0.01 WBTC
    expect(rig.royaltyBps).to.equal(500n);
    expect(rig.saleOpen).to.be.false;
    expect(await page.getByTestId("registered-rig").textContent()).to.contain(`rig ${newRigId}`);
    const card = page.getByTestId(`operated-rig-${newRigId}`);
    await card.waitFor();
    expect(await card.textContent()).to.contain("Antminer S21 #2");
    expect(await page.getByTestId(`operated-rig-${activity.rigId}`).count()).to.equal(1);
  });

  it("sets the new rig's terms before any mint, then deposits a bond (approval included) the chain holds", async function () {
    const card = page.getByTestId(`operated-rig-${newRigId}`);
    await card.getByTestId("terms-tariff").fill("0.0000008");
    await card.getByTestId("terms-fee").fill("2.5");
    await card.getByTestId("terms-sla").fill("90");
    await card.getByTestId("terms-required-bond").fill("0.001");
    expect(await card.getByTestId("terms-submit").textContent()).to.equal("Set terms");
    await card.getByTestId("terms-submit").click();
    expect(await outcome(`Set the terms of rig ${newRigId}`)).to.equal("confirmed");
    let terms = await getRigTerms(client, { contracts, rigId: newRigId });
    expect(terms.tariffPerKWh).to.equal(80n);
    expect(terms.serviceFeeBps).to.equal(250n);
    expect(terms.slaThresholdBps).to.equal(9_000n);
    expect(terms.requiredBond).to.equal(100_000n);
    await page.waitForFunction(
      (el) => el?.textContent?.includes("service fee 2.5%"),
      await card.getByTestId("terms-current").elementHandle(),
    );

    await card.getByTestId("bond-amount").fill("0.0015");
    await card.getByTestId("bond-submit").click();
    expect(await outcome("Deposit 0.0015 WBTC bond")).to.equal("confirmed");
    terms = await getRigTerms(client, { contracts, rigId: newRigId });
    expect(terms.bond).to.equal(150_000n);
    await page.waitForFunction(
      (el) => el?.textContent?.startsWith("0.0015 WBTC posted, 0.001 WBTC required"),
      await card.getByTestId("bond").elementHandle(),
    );
  });

  it("proposes terms for the seeded rig (shares exist) and shows them pending until they take effect", async function () {
    const card = page.getByTestId(`operated-rig-${activity.rigId}`);
    expect(await card.getByTestId("terms-submit").textContent()).to.equal("Propose terms");
    expect(await card.getByTestId("terms-sla").count()).to.equal(0);
    // Above the funder's 30% limit: the simulation reverts, the message is the decoded error, nothing is sent.
    const sent = sentTransactions();
    await card.getByTestId("terms-tariff").fill("0.0000008");
    await card.getByTestId("terms-fee").fill("50");
    await card.getByTestId("terms-submit").click();
    expect(await outcome(`Propose terms for rig ${activity.rigId}`)).to.equal("failed");
    expect(await tx(`Propose terms for rig ${activity.rigId}`).getByTestId("tx-message").textContent()).to.equal(
      "Invalid rig terms: serviceFeeBps",
    );
    expect(sentTransactions()).to.equal(sent);

    await card.getByTestId("terms-fee").fill("3");
    await card.getByTestId("terms-submit").click();
    await page
      .locator('[data-testid="tx"][data-status="confirmed"]')
      .filter({ hasText: `Propose terms for rig ${activity.rigId}` })
      .first()
      .waitFor({ timeout: 60_000 });
    const terms = await getRigTerms(client, { contracts, rigId: activity.rigId });
    expect(terms.pending).to.not.equal(null);
    expect(terms.pending!.tariffPerKWh).to.equal(80n);
    expect(terms.pending!.serviceFeeBps).to.equal(300n);
    const head = (await client.getBlock()).timestamp;
    // TERMS_DELAY (2 days) after the proposal's block, the head or a little before it.
    expect(Number(head + 2n * 86_400n - terms.pending!.effectiveAt)).to.be.within(0, 60);
    const pending = card.getByTestId("terms-pending");
    await pending.waitFor();
    const effective = new Date(Number(terms.pending!.effectiveAt) * 1000)
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC");
    expect(await pending.textContent()).to.match(
      new RegExp(
        `^Proposed: electricity 0\\.0000008 WBTC per kWh, service fee 3%, for epochs starting from ${effective} \\(in (1 d 23 h|2 d 0 h)\\)\\.$`,
      ),
    );
    // The terms in force are unchanged until then.
    expect(terms.serviceFeeBps).to.not.equal(300n);
    await screenshot(page, "operator");
  });

  it("shows the seeded rig's epochs as the rig page's charts", async function () {
    const card = page.getByTestId(`operated-rig-${activity.rigId}`);
    await card.getByTestId("toggle-charts").click();
    const chart = card.getByTestId("chart-payouts");
    await chart.waitFor({ timeout: 30_000 });
    await page.waitForFunction((el) => el?.getAttribute("data-state") === "ready", await chart.elementHandle(), {
      timeout: 30_000,
    });
    expect(await card.getByTestId("rig-charts").count()).to.equal(1);
    expect(await card.getByTestId("rig-page-link").getAttribute("href")).to.equal(`#/rigs/${activity.rigId}`);
  });
});
