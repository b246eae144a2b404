// The browser-test harness itself, against a real `hardhat node` and a real headless Chromium on a blank
// local page: the injected test wallet (EIP-6963 announcement, EIP-1193 requests and events, transactions
// and typed-data signatures made by the node, user rejection, a wallet on another chain that must not touch
// the node, chain switching, revert data kept for viem), and the local stack the app runs on (the seeded
// deployment with its activity: breakdown, positions, both listings; the app's config served by Vite).
import { type Server, createServer } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  type Address,
  type Hex,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  createPublicClient,
  createWalletClient,
  custom,
  encodeErrorResult,
  encodeFunctionData,
  parseAbi,
  recoverTypedDataAddress,
} from "viem";
import { hardhat } from "viem/chains";

import { SEED_TERMS } from "../../deploy/DemoOracleSeedModule.js";
import {
  HARDHAT_ACCOUNTS,
  type LocalNode,
  deployProtocol,
  rpc,
  seedActivity,
  startAppServer,
  startNode,
  testPublicClient,
} from "../../scripts/lib/localStack.js";
import { contractsOf, getLastBreakdown, getListing, getRentalListing, getRig } from "../../sdk/index.js";
import { launchBrowser, screenshot } from "./browser.js";
import { type ProviderRpcErrorShape, type TestWallet, installTestWallet, pageRequest } from "./wallet.js";

const [HOLDER2, HOLDER3] = HARDHAT_ACCOUNTS.holders;
const STRANGER: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"; // Hardhat #6

// A blank page that records what a dapp would see: announced providers and the wallet's events.
const BLANK_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>blank</title><script>
  window.__announced = [];
  window.addEventListener("eip6963:announceProvider", (e) => window.__announced.push(e.detail));
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  window.__events = [];
  for (const name of ["accountsChanged", "chainChanged", "connect", "disconnect"])
    window.ethereum.on(name, (payload) => window.__events.push([name, payload]));
</script></head><body><h1>blank</h1></body></html>`;

// error Nope(uint256 reason), and a contract whose every call reverts with Nope(42).
const NOPE_ABI = parseAbi(["function poke()", "error Nope(uint256 reason)"]);
const NOPE_DATA = encodeErrorResult({ abi: NOPE_ABI, errorName: "Nope", args: [42n] });

/** Init code of a contract whose runtime reverts with `data` whatever it is called with. */
function revertingContract(data: Hex): Hex {
  const bytes = (n: number) => n.toString(16).padStart(2, "0");
  const len = (data.length - 2) / 2;
  // runtime: CODECOPY(0, 12, len); REVERT(0, len), then the data
  const runtime = `60${bytes(len)}600c600039${"60" + bytes(len)}6000fd${data.slice(2)}`;
  const rlen = runtime.length / 2;
  // init: CODECOPY(0, 12, rlen); RETURN(0, rlen), then the runtime
  return `0x60${bytes(rlen)}600c600039${"60" + bytes(rlen)}6000f3${runtime}`;
}

describe("browser test harness: test wallet in Chromium, local stack", function () {
  this.timeout(120_000);

  let node: LocalNode;
  let browser: Browser;
  let server: Server;
  let pageUrl = "";
  let context: BrowserContext | undefined;
  let tmp = "";
  const deploymentId = `app-harness-${process.pid}-${Date.now()}`;
  let cleanupDeployment: (() => Promise<void>) | undefined;
  const deploymentsEnv = process.env.RIGSHARE_DEPLOYMENTS_DIR;

  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-app-harness-"));
    server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(BLANK_PAGE));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    [node, browser] = await Promise.all([startNode(), launchBrowser()]);
  });

  after(async function () {
    await context?.close().catch(() => {});
    await browser?.close();
    await node?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await cleanupDeployment?.();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && context?.pages()[0])
      await screenshot(context.pages()[0], `wallet-${this.currentTest.title}`).catch(() => {});
    await context?.close();
    context = undefined;
  });

  /** A fresh browser context with the wallet installed (accounts #2 and #3), on the blank page. */
  async function open(beforeWallet?: (page: Page) => Promise<unknown>): Promise<{ page: Page; wallet: TestWallet }> {
    context = await browser.newContext();
    const page = await context.newPage();
    await beforeWallet?.(page);
    const wallet = await installTestWallet(page, { rpcUrl: node.url, accounts: [HOLDER2, HOLDER3], chainId: 31337 });
    await page.goto(pageUrl);
    return { page, wallet };
  }
  const request = (page: Page, method: string, params?: unknown) => pageRequest(page, { method, params });
  /** The error `request` rejects with. */
  const failure = async (page: Page, method: string, params?: unknown) => {
    try {
      await request(page, method, params);
    } catch (e) {
      return e as ProviderRpcErrorShape & { isError: boolean };
    }
    throw new Error(`${method} did not fail`);
  };
  const events = (page: Page) => page.evaluate("window.__events") as Promise<[string, unknown][]>;
  const waitForEvent = (page: Page, name: string, payload: unknown) =>
    page.waitForFunction(
      `window.__events.some(([n, p]) => n === ${JSON.stringify(name)} && JSON.stringify(p) === ${JSON.stringify(JSON.stringify(payload))})`,
      undefined,
      { timeout: 5_000 },
    );
  const blockNumber = async () => BigInt(await rpc<string>(node.url, "eth_blockNumber"));
  /** viem clients whose transport is the page's window.ethereum (errors rebuilt as the page threw them). */
  const viaPage = (page: Page, account: Address) => {
    const transport = custom({
      async request({ method, params }) {
        try {
          return await pageRequest(page, { method, params });
        } catch (e) {
          const { code, message, data } = e as ProviderRpcErrorShape;
          throw Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
        }
      },
    });
    return {
      wallet: createWalletClient({ account, chain: hardhat, transport }),
      reader: createPublicClient({ chain: hardhat, transport }),
    };
  };

  it("announces itself per EIP-6963, at load and on request, and injects window.ethereum", async function () {
    const { page } = await open((p) =>
      // A listener installed before the wallet's script sees the announcement made at load.
      p.addInitScript({
        content: `window.__atLoad = []; window.addEventListener("eip6963:announceProvider", (e) => window.__atLoad.push(e.detail));`,
      }),
    );
    const seen = (await page.evaluate(`(() => {
      const describe = (d) => ({
        frozen: Object.isFrozen(d),
        infoFrozen: Object.isFrozen(d.info),
        info: d.info,
        isWindowEthereum: d.provider === window.ethereum,
        flag: d.provider.isRigshareTestWallet,
      });
      return { atLoad: window.__atLoad.map(describe), onRequest: window.__announced.map(describe) };
    })()`)) as Record<"atLoad" | "onRequest", { frozen: boolean; info: Record<string, string> }[]>;
    // The early listener hears the announcement at load and the answer to the page's request.
    expect(seen.atLoad).to.have.length(2);
    expect(seen.onRequest).to.have.length(1);
    for (const d of [...seen.atLoad, ...seen.onRequest]) {
      expect(d).to.deep.include({ frozen: true, infoFrozen: true, isWindowEthereum: true, flag: true });
      expect(Object.keys(d.info)).to.deep.equal(["uuid", "name", "icon", "rdns"]);
      expect(d.info).to.include({ name: "Rigshare Test Wallet", rdns: "dev.rigshare.testwallet" });
      expect(d.info.uuid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(d.info.icon).to.match(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/);
    }
    expect(new Set([...seen.atLoad, ...seen.onRequest].map((d) => d.info.uuid)).size).to.equal(1);
    // EIP-1193 `connect` once the page is loaded, with the chain.
    await waitForEvent(page, "connect", { chainId: "0x7a69" });
  });

  it("connects with eth_requestAccounts (accountsChanged), reports the chain, switches accounts", async function () {
    const { page, wallet } = await open();
    expect(await request(page, "eth_accounts")).to.deep.equal([]);
    expect(await request(page, "eth_chainId")).to.equal("0x7a69");
    expect(await request(page, "net_version")).to.equal("31337");
    expect(wallet.connected).to.equal(false);
    expect(await request(page, "eth_requestAccounts")).to.deep.equal([HOLDER2]);
    await waitForEvent(page, "accountsChanged", [HOLDER2]);
    expect(wallet.connected).to.equal(true);
    expect(await request(page, "eth_accounts")).to.deep.equal([HOLDER2]);
    await wallet.setAccount(HOLDER3);
    expect(await request(page, "eth_accounts")).to.deep.equal([HOLDER3]);
    await wallet.disconnect();
    expect(await request(page, "eth_accounts")).to.deep.equal([]);
    expect((await events(page)).filter(([n]) => n === "accountsChanged")).to.deep.equal([
      ["accountsChanged", [HOLDER2]],
      ["accountsChanged", [HOLDER3]],
      ["accountsChanged", []],
    ]);
    // Signing needs a connected site: refused without reaching the node.
    expect(await failure(page, "personal_sign", ["0x68656c6c6f", HOLDER3])).to.include({ code: 4100 });
    expect(wallet.requests).to.deep.equal([
      "eth_accounts",
      "eth_chainId",
      "net_version",
      "eth_requestAccounts",
      "eth_accounts",
      "eth_accounts",
      "eth_accounts",
      "personal_sign",
    ]);
    expect(wallet.forwarded).to.deep.equal([]);
  });

  it("sends a real transaction through window.ethereum (viem over the page): it lands on the node", async function () {
    const { page, wallet } = await open();
    await request(page, "eth_requestAccounts");
    const { wallet: client } = viaPage(page, HOLDER2);
    const before = BigInt(await rpc<string>(node.url, "eth_getBalance", [STRANGER, "latest"]));
    const hash = await client.sendTransaction({ to: STRANGER, value: 123_456_789n });
    const receipt = await rpc<{ status: string; from: string; to: string; blockNumber: string }>(
      node.url,
      "eth_getTransactionReceipt",
      [hash],
    );
    expect(receipt).to.include({ status: "0x1", from: HOLDER2.toLowerCase(), to: STRANGER.toLowerCase() });
    expect(BigInt(await rpc<string>(node.url, "eth_getBalance", [STRANGER, "latest"])) - before).to.equal(123_456_789n);
    expect(wallet.forwarded).to.include("eth_sendTransaction");
  });

  it("signs EIP-712 typed data (eth_signTypedData_v4): the signature recovers to the account", async function () {
    const { page, wallet } = await open();
    await request(page, "eth_requestAccounts");
    const typed = {
      domain: { name: "Rigshare Test", version: "1", chainId: 31337, verifyingContract: STRANGER },
      types: {
        Order: [
          { name: "maker", type: "address" },
          { name: "positionId", type: "uint256" },
          { name: "note", type: "string" },
        ],
      },
      primaryType: "Order",
      message: { maker: HOLDER2, positionId: 1_000_000_000_003n, note: "thirty shares" },
    } as const;
    const signature = await viaPage(page, HOLDER2).wallet.signTypedData(typed);
    expect(await recoverTypedDataAddress({ ...typed, signature })).to.equal(HOLDER2);
    expect(wallet.forwarded).to.deep.equal(["eth_signTypedData_v4"]);
    // A domain of another chain is refused, as wallets do.
    const other = JSON.stringify({
      ...typed,
      domain: { ...typed.domain, chainId: 1 },
      message: { ...typed.message, positionId: "3" },
    });
    expect(await failure(page, "eth_signTypedData_v4", [HOLDER2, other])).to.deep.include({
      code: -32602,
      message: 'Provided chainId "1" must match the active chainId "31337"',
    });
    expect(wallet.forwarded).to.deep.equal(["eth_signTypedData_v4"]);
  });

  it("rejectNext: the next request fails with 4001 and nothing is sent", async function () {
    const { page, wallet } = await open();
    await request(page, "eth_requestAccounts");
    const height = await blockNumber();
    wallet.rejectNext();
    const error = await failure(page, "eth_sendTransaction", [{ from: HOLDER2, to: STRANGER, value: "0x1" }]);
    expect(error).to.include({ code: 4001, message: "User rejected the request.", isError: true });
    expect(error.data).to.equal(undefined);
    expect(wallet.requests.at(-1)).to.equal("eth_sendTransaction");
    expect(wallet.forwarded).to.deep.equal([]);
    expect(await blockNumber()).to.equal(height);
    // viem sees its UserRejectedRequestError; only one request was rejected.
    wallet.rejectNext();
    const rejected = await viaPage(page, HOLDER2)
      .wallet.signMessage({ message: "hello" })
      .catch((e: unknown) => e);
    expect(rejected).to.be.instanceOf(UserRejectedRequestError);
    expect(await viaPage(page, HOLDER2).wallet.signMessage({ message: "hello" })).to.match(/^0x[0-9a-f]{130}$/);
    expect(wallet.forwarded).to.deep.equal(["personal_sign"]);
    // A rejected connection.
    await wallet.disconnect();
    wallet.rejectNext("connect");
    expect(await failure(page, "eth_requestAccounts")).to.include({ code: 4001 });
    expect(wallet.connected).to.equal(false);
  });

  it("on another chain (setChain(1)) sends fail with 4901 and nothing reaches the node; switching back works", async function () {
    const { page, wallet } = await open();
    await request(page, "eth_requestAccounts");
    const height = await blockNumber();
    await wallet.setChain(1);
    expect((await events(page)).filter(([n]) => n === "chainChanged")).to.deep.equal([["chainChanged", "0x1"]]);
    expect(await request(page, "eth_chainId")).to.equal("0x1");
    const error = await failure(page, "eth_sendTransaction", [{ from: HOLDER2, to: STRANGER, value: "0x1" }]);
    expect(error.code).to.equal(4901);
    expect(error.message).to.equal(
      "The wallet is on chain 1, not the node's chain 31337: nothing was sent to the node",
    );
    expect(wallet.forwarded).to.deep.equal([]);
    expect(await blockNumber()).to.equal(height);

    expect(await failure(page, "wallet_switchEthereumChain", [{ chainId: "0x5" }])).to.include({ code: 4902 });
    expect(await request(page, "wallet_switchEthereumChain", [{ chainId: "0x7a69" }])).to.equal(null);
    await waitForEvent(page, "chainChanged", "0x7a69");
    expect(wallet.chainId).to.equal(31337);
    expect(await request(page, "eth_chainId")).to.equal("0x7a69");
    const hash = (await request(page, "eth_sendTransaction", [{ from: HOLDER2, to: STRANGER, value: "0x1" }])) as Hex;
    expect(await rpc<{ status: string }>(node.url, "eth_getTransactionReceipt", [hash])).to.include({ status: "0x1" });
    expect(await blockNumber()).to.equal(height + 1n);
    expect((await events(page)).filter(([n]) => n === "chainChanged")).to.deep.equal([
      ["chainChanged", "0x1"],
      ["chainChanged", "0x7a69"],
    ]);
  });

  it("keeps revert data: eth_call and eth_sendTransaction of a reverting call, decoded by viem", async function () {
    const deployHash = await rpc<Hex>(node.url, "eth_sendTransaction", [
      { from: HARDHAT_ACCOUNTS.deployer, data: revertingContract(NOPE_DATA) },
    ]);
    const { contractAddress: nope } = await rpc<{ contractAddress: Address }>(node.url, "eth_getTransactionReceipt", [
      deployHash,
    ]);
    const { page } = await open();
    await request(page, "eth_requestAccounts");
    const height = await blockNumber();
    const poke = encodeFunctionData({ abi: NOPE_ABI, functionName: "poke" });
    const call = await failure(page, "eth_call", [{ from: HOLDER2, to: nope, data: poke }, "latest"]);
    expect(call).to.include({ code: 3, data: NOPE_DATA, isError: true });
    const sent = await failure(page, "eth_sendTransaction", [{ from: HOLDER2, to: nope, data: poke }]);
    expect(sent).to.include({ code: 3, data: NOPE_DATA, isError: true });
    expect(await blockNumber()).to.equal(height);

    // viem decodes the custom error from what the page's provider threw, for reads and for writes.
    const { wallet: client, reader } = viaPage(page, HOLDER2);
    for (const attempt of [
      () => reader.simulateContract({ account: HOLDER2, address: nope, abi: NOPE_ABI, functionName: "poke" }),
      () => client.writeContract({ address: nope, abi: NOPE_ABI, functionName: "poke" }),
    ]) {
      const e = await attempt().then(
        () => expect.fail("did not revert"),
        (x: unknown) => x,
      );
      expect(e).to.be.instanceOf(ContractFunctionExecutionError);
      const reverted = (e as ContractFunctionExecutionError).walk((x) => x instanceof ContractFunctionRevertedError);
      expect(reverted).to.be.instanceOf(ContractFunctionRevertedError);
      expect((reverted as ContractFunctionRevertedError).data).to.deep.include({ errorName: "Nope", args: [42n] });
    }
    expect(await blockNumber()).to.equal(height);
  });

  it("local stack: a seeded deployment with activity (breakdown, positions, listings) and the app's config", async function () {
    const outDir = path.join(tmp, "deployments");
    const deployment = await deployProtocol({ rpcUrl: node.url, outDir, deploymentId, seed: true, compile: false });
    cleanupDeployment = deployment.cleanup;
    const { book } = deployment;
    expect(book).to.deep.include({ chainId: 31337, deploymentId, seed: { rigId: 1 } });
    const contracts = contractsOf(book);
    const client = testPublicClient(node.url, 31337);
    const rigBefore = await getRig(client, { contracts, rigId: 1n });
    expect(await getLastBreakdown(client, { contracts, rigId: 1n })).to.equal(null);

    const summary = await seedActivity({ rpcUrl: node.url, book });
    const usdc = book.tokens!.USDC.address;
    const P = (serial: bigint) => 1_000_000_000_000n + serial;
    expect(summary.positions).to.deep.equal([
      { positionId: P(1n), owner: HOLDER2, shares: 120n },
      { positionId: P(2n), owner: HOLDER3, shares: 50n },
      { positionId: P(3n), owner: HOLDER3, shares: 30n },
    ]);
    // The seeded terms: 82 kWh at 66 sat/kWh, a 2% fee of 8,300 sat; 190 of 200 TH/s is above the 92% SLA.
    const electricity = (82_000n * SEED_TERMS.tariffPerKWh) / 1_000n;
    const serviceFee = (8_300n * SEED_TERMS.serviceFeeBps) / 10_000n;
    const breakdown = await getLastBreakdown(client, { contracts, rigId: 1n });
    expect(breakdown).to.deep.equal({
      epoch: rigBefore.nextEpoch,
      gross: 8_300n,
      electricity: 5_412n,
      serviceFee: 166n,
      debtIn: 0n,
      debtOut: 0n,
      slaRefund: 0n,
      net: 2_722n,
    });
    expect([electricity, serviceFee, 8_300n - electricity - serviceFee]).to.deep.equal([5_412n, 166n, 2_722n]);
    expect(summary.epoch).to.deep.equal({ epoch: rigBefore.nextEpoch, breakdown, streamEnd: summary.epoch.streamEnd });
    // The net streams over the next day, from the push on; the clock is past the reported epoch.
    const rig = await getRig(client, { contracts, rigId: 1n });
    const head = (await client.getBlock()).timestamp;
    expect(rig.nextEpoch).to.equal(rigBefore.nextEpoch + 1n);
    expect(rig.sharesSold).to.equal(200n);
    expect(rig.stream.periodEnd).to.equal(summary.epoch.streamEnd);
    expect(rig.stream.periodEnd > head && rig.stream.periodEnd - head <= 86_400n).to.equal(true);
    expect(head >= (rigBefore.nextEpoch + 1n) * 86_400n).to.equal(true);
    expect(rig.stream.rateX18).to.equal((2_722n * 10n ** 18n) / 86_400n);

    const listing = await getListing(client, { contracts, positionId: P(3n) });
    expect(listing).to.deep.equal({
      positionId: P(3n),
      seller: HOLDER3,
      shares: 30n,
      version: listing.version,
      paymentToken: usdc,
      expiry: listing.expiry,
      pricePerShare: 3_600_000n,
      minFill: 5n,
      status: "live",
    });
    const rental = await getRentalListing(client, { contracts, positionId: P(1n) });
    expect(rental).to.deep.equal({
      positionId: P(1n),
      owner: HOLDER2,
      version: rental.version,
      expiry: rental.expiry,
      paymentToken: usdc,
      minDays: 1n,
      maxDays: 30n,
      pricePerDay: 290_000n,
      status: "live",
    });
    expect(listing.expiry).to.equal(rental.expiry);
    expect(listing.expiry - head).to.be.within(30n * 86_400n - 10n, 30n * 86_400n);
    expect(summary.saleListing).to.deep.equal(listing);
    expect(summary.rentalListing).to.deep.equal(rental);

    // A second call on the same chain sends nothing and tells the same story.
    const height = await blockNumber();
    expect(await seedActivity({ rpcUrl: node.url, book })).to.deep.equal(summary);
    expect(await blockNumber()).to.equal(height);

    // The app's Vite dev server publishes this deployment with this node's RPC.
    const app = await startAppServer({ deploymentsDir: outDir, rpcUrl: node.url, chainId: 31337, mode: "dev" });
    try {
      const config = (await (await fetch(new URL("rigshare.config.json", app.url))).json()) as {
        defaultChainId: number;
        chains: { chainId: number; rpcUrl: string; addressBook: { contracts: unknown } }[];
      };
      expect(config.defaultChainId).to.equal(31337);
      expect(config.chains.map((c) => [c.chainId, c.rpcUrl])).to.deep.equal([[31337, node.url]]);
      expect(config.chains[0].addressBook.contracts).to.deep.equal(book.contracts);
    } finally {
      await app.close();
    }
    expect(process.env.RIGSHARE_DEPLOYMENTS_DIR).to.equal(deploymentsEnv);
  });
});
