// The charts (issue 13) in a real browser: Chromium via playwright-core, the production build under `vite
// preview` configured with the indexer (scripts/lib/indexer.ts, PGlite), a `hardhat node` deployed and seeded
// (seedActivity: one epoch pushed from a signed report), then two more epochs pushed here from 3-of-5 signed
// reports — one under the SLA (half the nominal hashrate, 50% uptime), so the funder pays an SLA refund from
// the bond. Each chart's `data-points` (the exact integers it draws) is read from the page and compared with
// what the indexer's REST API answers for the same route; the table toggle shows the same numbers; the
// tooltip shows the exact value under the cursor; a rig with no epoch shows the empty state. getRigEpochs'
// RPC scan (the app's path without an indexer) gives the same epochs as its indexer path.

import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import type { Address, PublicClient } from "viem";

import { rewardDistributorAbi, rigSharesAbi } from "../../sdk/abis.js";
import { buyShares } from "../../sdk/actions/buyShares.js";
import { claim } from "../../sdk/actions/claim.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigEpochs } from "../../sdk/actions/getRigEpochs.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { pushEpochWithReport } from "../../sdk/actions/pushEpochWithReport.js";
import { signEpochReport } from "../../sdk/actions/signEpochReport.js";
import { type RigshareContracts, contractsOf } from "../../sdk/addressBook.js";
import { formatDecimal } from "../../sdk/decimal.js";
import { createIndexerClient } from "../../sdk/indexer.js";
import { getOrders } from "../../sdk/relay.js";
import { decodePositionId, encodePositionId } from "../../sdk/positionId.js";
import { type Indexer, startIndexer } from "../../scripts/lib/indexer.js";
import {
  ACTIVITY,
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
import { installTestWallet } from "./wallet.js";

const holder3 = HARDHAT_ACCOUNTS.holders[1] as Address; // #3: positions …02 (50) and …03 (30, listed)
const RATIO = 10n ** 6n; // RigCharts' RATIO_DIGITS

type Points = {
  x: { key: string; label: string }[];
  series: { label: string; unit: string; decimals: number; values: (string | null)[] }[];
};
type Json = Record<string, string | number | boolean | null>;

describe("charts (uPlot) equal the indexer's figures (Chromium, vite preview, indexer, hardhat node)", function () {
  this.timeout(240_000);

  let node: LocalNode;
  let chain: SeededChain;
  let deployment: Deployment;
  let contracts: RigshareContracts;
  let activity: ActivitySummary;
  let indexer: Indexer;
  let app: AppServer;
  let browser: Browser;
  let page: Page;
  let client: PublicClient;
  let pageErrors: string[];
  let idleRig: bigint;

  const api = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${indexer.url}${route}`);
    expect(response.status, route).to.equal(200);
    return (await response.json()) as T;
  };
  const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  /** The chart's data points once it is drawn (or empty) and shows `count` points. */
  async function points(testId: string, count: number): Promise<Points> {
    const chart = page.getByTestId(testId);
    await chart.waitFor();
    await page.waitForFunction(
      ([el, n]) => {
        const raw = el?.getAttribute("data-points");
        if (!raw) return false;
        const p = JSON.parse(raw) as Points;
        return p.x.length === n && (n === 0 || el!.getAttribute("data-drawn") === "true");
      },
      [await chart.elementHandle(), count] as const,
      { timeout: 30_000 },
    );
    return JSON.parse((await chart.getAttribute("data-points"))!) as Points;
  }
  const column = (p: Points, label: string) => {
    const s = p.series.find((c) => c.label === label);
    expect(s, `series ${label}`).to.not.equal(undefined);
    return s!.values;
  };
  /** The table toggle shows one row per point, each cell the series' exact value at that point. */
  async function tableMatches(testId: string, p: Points): Promise<void> {
    const chart = page.getByTestId(testId);
    await chart.getByTestId("chart-toggle").click();
    const rows = chart.getByTestId("chart-row");
    await rows.first().waitFor();
    expect(await rows.count()).to.equal(p.x.length);
    for (let i = 0; i < p.x.length; i++) {
      const cells = await rows.nth(i).locator("td").allTextContents();
      expect(cells[0]).to.equal(p.x[i]!.label);
      expect(cells.slice(1)).to.deep.equal(
        p.series.map((s) => (s.values[i] === null ? "—" : formatDecimal(BigInt(s.values[i]!), s.decimals))),
      );
    }
    await chart.getByTestId("chart-toggle").click();
    await page.waitForFunction((el) => el?.getAttribute("data-drawn") === "true", await chart.elementHandle());
  }

  /** Pushes the rig's next epoch from a report signed by three reporters. */
  async function pushEpoch(
    deliveredHashrate: bigint,
    uptimeBps: bigint,
    grossReward: bigint,
    energyWh: bigint,
  ): Promise<void> {
    const rig = await getRig(client, { contracts, rigId: activity.rigId });
    const endsAt = (rig.nextEpoch + 1n) * rig.epochLength;
    const head = (await client.getBlock()).timestamp;
    if (head < endsAt) {
      await rpc(node.url, "evm_increaseTime", [Number(endsAt - head)]);
      await rpc(node.url, "evm_mine");
    }
    const report = {
      rigId: activity.rigId,
      epoch: rig.nextEpoch,
      ...ACTIVITY.report,
      deliveredHashrate,
      uptimeBps,
      grossReward,
      energyWh,
    };
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
    chain = await startSeededChain("app-charts");
    ({ node, deployment } = chain);
    activity = chain.activity!;
    contracts = contractsOf(deployment.book);
    client = testPublicClient(node.url, node.chainId);
    await pushEpoch(100n * 10n ** 12n, 5_000n, 5_000n, 41_000n); // under the SLA: a refund from the bond
    await pushEpoch(195n * 10n ** 12n, 10_000n, ACTIVITY.report.grossReward, ACTIVITY.report.energyWh);
    // Holder #3 claims …02 a day later (a claim to mark); the operator registers a rig that is never paid.
    await rpc(node.url, "evm_increaseTime", [86_400]);
    await rpc(node.url, "evm_mine");
    const paid = await claim(testWalletClient(node.url, node.chainId, HARDHAT_KEYS.holders[1]), {
      contracts,
      positionIds: [encodePositionId(activity.rigId, 2n)],
    });
    expect(paid.paid).to.be.greaterThan(0n);
    // Holder #4 buys 5 of the 30 shares holder #3 listed: a fill for the market's chart.
    await buyShares(testWalletClient(node.url, node.chainId, HARDHAT_KEYS.holders[2]), {
      contracts,
      positionId: activity.saleListing.positionId,
      shares: 5n,
    });
    const book = deployment.book;
    ({ rigId: idleRig } = await registerRig(testWalletClient(node.url, node.chainId, HARDHAT_KEYS.operator), {
      contracts,
      params: {
        name: "Idle rig",
        algorithm: "SHA256",
        hashrate: 200n * 10n ** 12n,
        powerWatts: 3_500,
        totalShares: 1_000n,
        pricePerShare: 3_000_000n,
        paymentToken: book.tokens!.USDC!.address,
        payoutToken: book.tokens!.WBTC!.address,
        epochLength: 86_400,
        maxEpochPayout: 10n ** 8n,
        royaltyBps: 0,
      },
    }));
    indexer = await startIndexer({ addressBookFile: deployment.addressBookFile, rpcUrl: node.url });
    const head = await client.getBlockNumber();
    for (let i = 0; ; i++) {
      const status = await api<Record<string, { block?: { number: number } | null }>>("/status");
      if (BigInt(Object.values(status)[0]?.block?.number ?? 0) >= head) break;
      if (i > 200) throw new Error("the indexer did not reach the chain head");
      await new Promise((r) => setTimeout(r, 100));
    }
    app = await startAppServer({
      deploymentsDir: chain.deploymentsDir,
      rpcUrl: node.url,
      chainId: node.chainId,
      indexerUrl: indexer.url,
      mode: "preview",
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pageErrors = collectPageErrors(page);
    await installTestWallet(page, { rpcUrl: node.url, accounts: [holder3], chainId: node.chainId });
    await page.goto(`${app.url}#/rigs`);
  });

  after(async function () {
    await browser?.close();
    await app?.close();
    await indexer?.stop();
    await chain?.stop();
  });

  afterEach(function () {
    expect(pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  it("draws the rig page's charts with the indexer's numbers, exact in the table and the tooltip", async function () {
    const rigId = activity.rigId;
    const epochs = (await api<{ items: Json[] }>(`/rigs/${rigId}/epochs?limit=1000`)).items;
    const rig = await api<Json>(`/rigs/${rigId}`);
    expect(epochs.length).to.equal(3);
    const settled = epochs.filter((e) => e.gross !== null);
    const reported = epochs.filter((e) => e.deliveredHashrate !== null);
    expect(
      settled.some((e) => BigInt(e.slaRefund as string) > 0n),
      "one epoch paid an SLA refund",
    ).to.equal(true);
    await go(`#/rigs/${rigId}`);

    const payouts = await points("chart-payouts", settled.length);
    expect(payouts.x.map((p) => p.key)).to.deep.equal(settled.map((e) => str(e.epoch)));
    expect(column(payouts, "Electricity")).to.deep.equal(settled.map((e) => str(e.electricity)));
    expect(column(payouts, "Service fee")).to.deep.equal(settled.map((e) => str(e.serviceFee)));
    expect(column(payouts, "Net")).to.deep.equal(settled.map((e) => str(e.net)));
    expect(column(payouts, "SLA refund")).to.deep.equal(settled.map((e) => str(e.slaRefund)));
    expect(payouts.series.every((s) => s.decimals === 8 && s.unit === "WBTC")).to.equal(true);

    const hashrate = await points("chart-hashrate", reported.length);
    expect(hashrate.x.map((p) => p.key)).to.deep.equal(reported.map((e) => str(e.epoch)));
    expect(column(hashrate, "Delivered")).to.deep.equal(reported.map((e) => str(e.deliveredHashrate)));
    expect(column(hashrate, "Nominal")).to.deep.equal(reported.map(() => str(rig.hashrate)));
    expect(column(hashrate, "Uptime")).to.deep.equal(reported.map((e) => str(e.uptimeBps)));

    const perShare = await points("chart-per-share", epochs.length);
    let paid = 0n;
    expect(column(perShare, "Paid per share")).to.deep.equal(
      epochs.map((e) => {
        paid += BigInt(e.amount as string);
        return ((paid * RATIO) / BigInt(rig.totalShares as string)).toString();
      }),
    );
    // The funded amount is net + SLA refund, epoch by epoch.
    for (const e of settled)
      expect(BigInt(e.amount as string)).to.equal(BigInt(e.net as string) + BigInt(e.slaRefund as string));

    const hashprice = await points("chart-hashprice", settled.length);
    expect(column(hashprice, "Net per TH/s per day")).to.deep.equal(
      settled.map((e) =>
        (
          (BigInt(e.net as string) * 10n ** 12n * 86_400n * RATIO) /
          (BigInt(rig.hashrate as string) * BigInt(rig.epochLength as number))
        ).toString(),
      ),
    );

    for (const [id, p] of [
      ["chart-payouts", payouts],
      ["chart-hashrate", hashrate],
      ["chart-per-share", perShare],
      ["chart-hashprice", hashprice],
    ] as const)
      await tableMatches(id, p);

    // The tooltip under the cursor at the last bar: the exact net of the last settled epoch.
    const canvas = page.getByTestId("chart-payouts").locator(".chart-canvas .u-over");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const n = settled.length;
    await canvas.hover({ position: { x: (box.width * (n - 0.5)) / n, y: box.height / 2 } });
    const tip = page.getByTestId("chart-payouts").getByTestId("chart-tooltip");
    await tip.waitFor();
    const last = settled.at(-1)!;
    expect(await tip.textContent()).to.contain(`Net: ${formatDecimal(BigInt(last.net as string), 8)} WBTC`);
    await screenshot(page, "rig-charts");
  });

  it("reads the same epochs through the RPC scan as through the indexer (the app's path without an indexer)", async function () {
    const rigId = activity.rigId;
    const viaIndexer = await getRigEpochs(client, { contracts, rigId, indexer: createIndexerClient(indexer.url) });
    const viaRpc = await getRigEpochs(client, { contracts, rigId, maxBlockRange: 50n });
    expect(viaIndexer.length).to.equal(3);
    expect(viaRpc).to.deep.equal(viaIndexer);
  });

  it("draws the portfolio's earnings per day per position, the cumulative and the claims as the indexer has them", async function () {
    const rigId = activity.rigId;
    const history = await api<{ claims: Json[]; transfers: Json[] }>(`/accounts/${holder3}/history`);
    const epochs = (await api<{ items: Json[] }>(`/rigs/${rigId}/epochs?limit=1000`)).items;
    const held = [
      ...new Set(
        history.transfers
          .filter((t) => str(t.to).toLowerCase() === holder3.toLowerCase())
          .map((t) => BigInt(t.positionId as string)),
      ),
    ].sort((a, b) => (a < b ? -1 : 1));
    // Each epoch's pro-rata part per position held at its push, from the chain's shares at that block.
    const earned = new Map<bigint, Map<string, bigint>>(held.map((id) => [id, new Map()]));
    const days = new Set<string>();
    for (const e of epochs) {
      const blockNumber = BigInt(e.pushedBlock as string);
      const stream = await client.readContract({
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [rigId],
        blockNumber,
      });
      for (const id of held) {
        const owner = await client
          .readContract({
            address: contracts.rigShares,
            abi: rigSharesAbi,
            functionName: "ownerOf",
            args: [id],
            blockNumber,
          })
          .catch(() => undefined);
        if (owner?.toLowerCase() !== holder3.toLowerCase()) continue;
        const shares = await client.readContract({
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "sharesOf",
          args: [id],
          blockNumber,
        });
        const total = BigInt(stream.totalShares);
        const part = (v: Json[string]) => (BigInt(v as string) * shares) / total;
        const day = utcDay(BigInt(e.streamStart as string));
        days.add(day);
        earned.get(id)!.set(day, (earned.get(id)!.get(day) ?? 0n) + part(e.net) + part(e.slaRefund));
      }
    }
    const claimsByDay = new Map<string, bigint>();
    for (const c of history.claims) {
      const day = utcDay(BigInt(c.timestamp as string));
      days.add(day);
      claimsByDay.set(day, (claimsByDay.get(day) ?? 0n) + BigInt(c.amount as string));
    }
    expect(history.claims.length, "the claim made in before()").to.equal(1);
    const x = [...days].sort();
    const positions = held.filter(
      (id) => [...earned.get(id)!.values()].some((v) => v > 0n) || earned.get(id)!.size > 0,
    );
    const label = (id: bigint) => `Position ${decodePositionId(id).rigId}-${decodePositionId(id).serial}`;
    const perDay = positions.map((id) => x.map((d) => earned.get(id)!.get(d) ?? 0n));
    const claimed = x.map((d) => claimsByDay.get(d) ?? 0n);

    await page.getByTestId("connect").click();
    await page.getByTestId("account").waitFor();
    await go("#/portfolio");
    const earnings = await points("chart-earnings", x.length);
    expect(earnings.x.map((p) => p.label)).to.deep.equal(x);
    expect(earnings.series.map((s) => s.label)).to.deep.equal(positions.map(label));
    expect(earnings.series.map((s) => s.values)).to.deep.equal(perDay.map((v) => v.map(String)));
    expect(positions.length, "…02 and …03 both earned").to.be.greaterThanOrEqual(2);

    const cumulative = await points("chart-cumulative", x.length);
    const perPosition = perDay.map(running);
    expect(cumulative.series.map((s) => s.label)).to.deep.equal([
      ...positions.map(label),
      "Account total",
      "Claimed",
      "Claim",
    ]);
    expect(cumulative.series.map((s) => s.values)).to.deep.equal(
      [...perPosition, x.map((_, i) => perPosition.reduce((a, p) => a + p[i]!, 0n)), running(claimed), claimed].map(
        (v) => v.map(String),
      ),
    );
    await tableMatches("chart-earnings", earnings);
    await tableMatches("chart-cumulative", cumulative);
    await screenshot(page, "portfolio-charts");
  });

  it("draws the market's fill prices per share and the order book depth as the indexer and the relay have them", async function () {
    const rigId = activity.rigId;
    const fills = (await api<{ items: Json[] }>(`/fills?rig=${rigId}&limit=1000`)).items;
    expect(fills.length).to.equal(1);
    const listings = (await api<{ items: Json[] }>(`/listings?rig=${rigId}&status=active`)).items;
    const [signedListings, offers] = await Promise.all([
      getOrders(indexer.url, { rig: rigId, side: "listing" }),
      getOrders(indexer.url, { rig: rigId, side: "offer" }),
    ]);
    await go("#/market");
    const fillPoints = await points("chart-fills", fills.length);
    expect(column(fillPoints, "Price per share")).to.deep.equal(
      fills.map((f) => ((BigInt(f.price as string) * RATIO) / BigInt(f.shares as string)).toString()),
    );
    expect(column(fillPoints, "Shares")).to.deep.equal(fills.map((f) => str(f.shares)));
    // 5 shares at the listed 110 USDC.
    expect(column(fillPoints, "Price per share")).to.deep.equal([(ACTIVITY.sale.pricePerShare * RATIO).toString()]);

    const asks = [
      ...listings.map((l) => ({ price: BigInt(l.pricePerShare as string), shares: BigInt(l.shares as string) })),
      ...signedListings.orders.map((o) => ({ price: o.pricePerShare, shares: o.remaining })),
    ];
    const bids = offers.orders.map((o) => ({ price: o.pricePerShare, shares: o.remaining }));
    const prices = [...new Set([...asks, ...bids].map((o) => o.price))].sort((a, b) => (a < b ? -1 : 1));
    const depth = await points("chart-depth", prices.length);
    expect(depth.x.map((p) => p.key)).to.deep.equal(prices.map(String));
    expect(column(depth, "Asks")).to.deep.equal(
      prices.map((p) => String(asks.filter((o) => o.price <= p).reduce((a, o) => a + o.shares, 0n))),
    );
    expect(column(depth, "Bids")).to.deep.equal(
      prices.map((p) => String(bids.filter((o) => o.price >= p).reduce((a, o) => a + o.shares, 0n))),
    );
    expect(column(depth, "Asks")).to.deep.equal([String(ACTIVITY.sale.shares - 5n)]);
    await tableMatches("chart-fills", fillPoints);
    await tableMatches("chart-depth", depth);
    await screenshot(page, "market-charts");
  });

  it("shows the empty state on a rig with no epoch", async function () {
    expect((await api<Json>(`/rigs/${idleRig}`)).name).to.equal("Idle rig");
    expect((await api<{ items: Json[] }>(`/rigs/${idleRig}/epochs`)).items).to.deep.equal([]);
    await go(`#/rigs/${idleRig}`);
    for (const id of ["chart-payouts", "chart-hashrate", "chart-per-share", "chart-hashprice"]) {
      expect((await points(id, 0)).x).to.deep.equal([]);
      await page.getByTestId(id).getByTestId("chart-empty").waitFor();
      expect(await page.getByTestId(id).getAttribute("data-state")).to.equal("empty");
    }
  });
});

const str = (v: Json[string] | undefined) => String(v);
const utcDay = (t: bigint) => new Date(Number(t) * 1_000).toISOString().slice(0, 10);
const running = (values: bigint[]) => values.map((_, i) => values.slice(0, i + 1).reduce((a, b) => a + b, 0n));
