// Both order stores behind a running relay on a real `hardhat node`: PGlite in a data directory and a real
// Postgres 15 (a throwaway cluster, test/helpers/postgres.ts). For each: orders survive a restart (same
// directory / database), two copies of one order submitted at once store one, concurrent submissions
// cannot pass the per-maker cap, and prices sort as numbers. On Postgres, two relay instances share the
// database: both create the schema at once, and the cap holds across them.
import { spawn } from "node:child_process";
import path from "node:path";

import { expect } from "chai";
import { type Hex, getAddress } from "viem";

import type { RelayServer } from "../../relay/server.js";
import type { StoreChoice } from "../../relay/server.js";
import { getOrders } from "../../sdk/relay.js";
import { encodeSignedOrder } from "../../sdk/signedOrders.js";
import { BIN, ENV_PATH, ROOT, freePort } from "../../scripts/lib/localStack.js";
import { type TestPostgres, requirePostgres, startPostgres } from "../helpers/postgres.js";
import { type Stack, USDC, freshPosition, openRelay, post, signedListing, signedOffer, startStack } from "./stack.js";

describe("order relay: stores", function () {
  this.timeout(150_000);

  let stack: Stack | undefined;
  before(async function () {
    stack = await startStack("stores");
  });
  after(async function () {
    await stack?.stop();
  });

  /** The behaviour both stores share; `choice` names the store, `second` opens another instance on it. */
  function storeSuite(name: string, choice: () => StoreChoice) {
    describe(name, function () {
      const relays: RelayServer[] = [];
      const open = async (limits = {}) => {
        const r = await openRelay(stack!, choice(), limits);
        relays.push(r);
        return r;
      };
      afterEach(async function () {
        for (const r of relays.splice(0)) await r.close();
      });

      it("keeps its orders across a restart", async function () {
        const s = stack!;
        const relay = await open();
        const listing = await signedListing(s, s.alice, await freshPosition(s, s.alice, 12n), {
          pricePerShare: 9n * USDC,
        });
        const offer = await signedOffer(s, s.bob, { maxShares: 3n, pricePerShare: 77n * USDC });
        for (const o of [listing, offer]) expect((await post(relay, encodeSignedOrder(o))).status).to.equal(201);
        const before = await getOrders(relay.url, { status: "all" });
        const count = await relay.store.count();
        await relay.close();
        relays.splice(relays.indexOf(relay), 1);

        const reopened = await open();
        expect(await reopened.store.count()).to.equal(count);
        const after = await getOrders(reopened.url, { status: "all" });
        expect(after.orders.map((o) => [o.orderHash, o.status, o.remaining, o.createdAt])).to.deep.equal(
          before.orders.map((o) => [o.orderHash, o.status, o.remaining, o.createdAt]),
        );
        expect(after.orders.map((o) => o.orderHash)).to.include.members([listing.orderHash, offer.orderHash]);
      });

      it("stores one copy of an order submitted twice at once", async function () {
        const s = stack!;
        const relay = await open();
        const body = encodeSignedOrder(await signedListing(s, s.alice, await freshPosition(s, s.alice, 4n)));
        const before = await relay.store.count();
        const answers = await Promise.all([post(relay, body), post(relay, body)]);
        expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 409]);
        expect(answers.map((a) => (a.json.error as { code?: string } | undefined)?.code).filter(Boolean)).to.deep.equal(
          ["duplicate"],
        );
        expect(await relay.store.count()).to.equal(before + 1);
      });

      it("sorts prices as numbers, not as text", async function () {
        const s = stack!;
        const relay = await open();
        const maker = getAddress(s.carol.account.address);
        // 9, 10 and 100 sort 10, 100, 9 as text.
        for (const p of [100n, 9n, 10n])
          expect(
            (await post(relay, encodeSignedOrder(await signedOffer(s, s.carol, { maxShares: 1n, pricePerShare: p }))))
              .status,
          ).to.equal(201);
        const offers = (await getOrders(relay.url, { side: "offer", maker })).orders;
        expect(offers.map((o) => o.pricePerShare)).to.deep.equal([100n, 10n, 9n]);
      });
    });
  }

  storeSuite("PGlite", () => ({ dataDir: path.join(stack!.tmp, "pglite") }));

  it("runs standalone from relay/main.ts with the environment, and stops cleanly on SIGTERM", async function () {
    const s = stack!;
    const port = await freePort();
    const child = spawn(path.join(BIN, "tsx"), [path.join(ROOT, "relay", "main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: ENV_PATH,
        RIGSHARE_ADDRESS_BOOK: path.join(s.tmp, "deployments", `${s.book.chainId}.json`),
        RIGSHARE_RPC_URL: s.node.url,
        RIGSHARE_RELAY_DIR: path.join(s.tmp, "cli"),
        DATABASE_URL: "",
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay/main.ts did not start:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("orders at")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", () => reject(new Error(`relay/main.ts exited:\n${output}`)));
      });
      expect(output).to.include(`orders at http://127.0.0.1:${port}/orders (PGlite)`);
      const signed = await signedOffer(s, s.bob, { maxShares: 1n, pricePerShare: 33n * USDC });
      const r = await fetch(`http://127.0.0.1:${port}/orders`, { method: "POST", body: encodeSignedOrder(signed) });
      expect(r.status, await r.clone().text()).to.equal(201);
      const book = await getOrders(`http://127.0.0.1:${port}`, { side: "offer" });
      expect(book.orders.map((o) => o.orderHash)).to.deep.equal([signed.orderHash]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).to.equal(0);
  });

  describe("Postgres", function () {
    let pg: TestPostgres | undefined;
    before(async function () {
      requirePostgres(this, "relay store");
      pg = await startPostgres();
    });
    after(async function () {
      await pg?.stop();
    });

    storeSuite("one instance", () => ({ databaseUrl: pg!.url }));

    it("lets two relay instances share the database: schema created once, the cap held across both", async function () {
      const s = stack!;
      const choice = { databaseUrl: pg!.url, schema: "relay_shared" };
      // Both create the (missing) schema at the same moment.
      const [a, b] = await Promise.all([
        openRelay(s, choice, { maxOpenOrdersPerMaker: 3 }),
        openRelay(s, choice, { maxOpenOrdersPerMaker: 3 }),
      ]);
      try {
        const bob = getAddress(s.bob.account.address);
        const bodies: string[] = [];
        for (let i = 0; i < 6; i++)
          bodies.push(
            encodeSignedOrder(await signedOffer(s, s.bob, { maxShares: 1n, pricePerShare: BigInt(50 + i) * USDC })),
          );
        const answers = await Promise.all(bodies.map((body, i) => post(i % 2 === 0 ? a : b, body)));
        const statuses = answers.map((x) => x.status).sort();
        expect(statuses).to.deep.equal([201, 201, 201, 429, 429, 429]);
        expect(await a.store.count()).to.equal(3);
        const seen = (await getOrders(b.url, { maker: bob })).orders.map((o) => o.orderHash as Hex);
        const accepted = answers.filter((x) => x.status === 201).map((x) => x.json.orderHash as Hex);
        expect([...seen].sort()).to.deep.equal([...accepted].sort());
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
