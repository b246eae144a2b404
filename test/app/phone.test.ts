// Every route of the web app at phone size (390×844) and at desktop size (1280×900), with data on screen: no
// horizontal overflow, i.e. the page itself never scrolls sideways (document.documentElement.scrollWidth ≤
// window.innerWidth). A wide table may scroll inside its own container; the page may not.
//
// The stack is the journeys' (journeys.test.ts): Debian's Chromium driven by playwright-core, the production
// build served by `vite preview`, a real `hardhat node` with the seeded deployment and seedActivity (the
// rig, its paid epoch, holder #3's two positions, one listed for sale, holder #2's rental listing), and the
// injected test wallet, connected, so the account-dependent screens (portfolio, forms, operator) are the full
// ones. A signed offer is made first so the market's offers table has a row, and its transaction sits in
// the activity column. On a failure the message names the outermost elements sticking out past the right
// edge; screenshots go to test-results/screenshots/phone-*.png.

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import type { Address } from "viem";

import { encodePositionId } from "../../sdk/positionId.js";
import {
  type ActivitySummary,
  type AppServer,
  HARDHAT_ACCOUNTS,
  type LocalNode,
  startAppServer,
} from "../../scripts/lib/localStack.js";
import { type SeededChain, startSeededChain } from "../helpers/seededChain.js";
import { collectPageErrors, launchBrowser, screenshot } from "./browser.js";
import { type TestWallet, installTestWallet } from "./wallet.js";

const holder3 = HARDHAT_ACCOUNTS.holders[1] as Address; // #3: positions …02 (50) and …03 (30, listed)
const operator = HARDHAT_ACCOUNTS.operator;

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
] as const;

type Overflow = { scrollWidth: number; innerWidth: number; culprits: string[] };

/**
 * The page's horizontal overflow, and the outermost elements reaching past the viewport's right edge that no
 * scrolling or clipping ancestor contains (what makes the page wider), described as tag.class[testid].
 * Plain JavaScript source, evaluated in the page (a TypeScript function would carry the test runner's
 * transpilation helpers, which the page does not have).
 */
const MEASURE_OVERFLOW = `(() => {
  const innerWidth = window.innerWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== "visible") return true;
    return false;
  };
  const sticksOut = (el) => el.getBoundingClientRect().right > innerWidth + 0.5;
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)) && !clipped(el))
    .slice(0, 8)
    .map((el) => {
      const testId = el.getAttribute("data-testid");
      const cls = typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : "";
      const right = Math.round(el.getBoundingClientRect().right);
      return el.tagName.toLowerCase() + cls + (testId ? "[" + testId + "]" : "") + " (right edge " + right + "px)";
    });
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
})()`;

describe("web app at phone and desktop widths: no route overflows horizontally (Chromium, vite preview)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let chain: SeededChain;
  let activity: ActivitySummary;
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let wallet: TestWallet;
  let pageErrors: string[];

  const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);

  /** The routes, each with the account it is seen from and what shows that its data has loaded. */
  const routes = () => {
    const { rigId } = activity;
    const listed = encodePositionId(rigId, 3n);
    return [
      { name: "rigs", hash: "#/rigs", account: holder3, ready: [`rig-card-${rigId}`] },
      { name: "rig", hash: `#/rigs/${rigId}`, account: holder3, ready: ["epoch-row", "roi-payback", "mint"] },
      {
        name: "portfolio",
        hash: "#/portfolio",
        account: holder3,
        ready: [`position-${encodePositionId(rigId, 2n)}`, `position-${listed}`, "wallet-balance"],
      },
      {
        name: "market",
        hash: "#/market",
        account: holder3,
        ready: [`listing-${listed}`, `rental-listing-${activity.rentalListing.positionId}`, "offer-row"],
      },
      { name: "operator", hash: "#/operator", account: operator, ready: [`operated-rig-${rigId}`] },
    ];
  };

  before(async function () {
    chain = await startSeededChain("app-phone");
    ({ node } = chain);
    activity = chain.activity!;
    app = await startAppServer({
      deploymentsDir: chain.deploymentsDir,
      rpcUrl: node.url,
      chainId: node.chainId,
      mode: "preview",
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pageErrors = collectPageErrors(page);
    wallet = await installTestWallet(page, { rpcUrl: node.url, accounts: [holder3, operator], chainId: node.chainId });
    await page.goto(`${app.url}#/rigs`);
    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    // A signed offer (kept in this browser: no relay here), so the market's offers table has a row.
    await go("#/market");
    await page.getByTestId("offer-shares").fill("4", { timeout: 20_000 });
    await page.getByTestId("offer-price").fill("105");
    await page.getByTestId("offer-submit").click();
    await page.getByTestId("offer-row").first().waitFor({ timeout: 30_000 });
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await chain?.stop();
  });

  afterEach(function () {
    expect(pageErrors, "uncaught errors in the page").to.deep.equal([]);
  });

  for (const viewport of VIEWPORTS)
    for (const name of ["rigs", "rig", "portfolio", "market", "operator"])
      it(`${name} at ${viewport.width}×${viewport.height} (${viewport.name}): scrollWidth ≤ innerWidth`, async function () {
        const route = routes().find((r) => r.name === name)!;
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await wallet.setAccount(route.account);
        await go(route.hash);
        for (const testId of route.ready) await page.getByTestId(testId).first().waitFor({ timeout: 20_000 });
        // Let layout settle after the last render (fonts, a late read).
        await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        await screenshot(page, `phone-${name}-${viewport.width}`);
        const overflow = await page.evaluate<Overflow>(MEASURE_OVERFLOW);
        expect(
          overflow.scrollWidth,
          `${route.hash} at ${viewport.width}px is ${overflow.scrollWidth}px wide; sticking out: ` +
            (overflow.culprits.join(", ") || "(none found)"),
        ).to.be.at.most(overflow.innerWidth);
      });
});
