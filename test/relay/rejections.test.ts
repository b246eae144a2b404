// The relay refuses every order that could not fill, one case per rule (test/relay/badOrders.ts), each with
// its HTTP status and error code and nothing stored; and the SDK client turns a refusal into a typed error.
import path from "node:path";

import { expect } from "chai";

import { type RelayServer, rpcViewOf } from "../../relay/server.js";
import { freePort } from "../../scripts/lib/localStack.js";
import { RelayRejectedError, RelayUnavailableError, getOrders, submitOrder } from "../../sdk/relay.js";
import { badOrderCases, runBadOrders } from "./badOrders.js";
import { type Stack, freshPosition, openRelay, post, signedListing, startStack } from "./stack.js";
import { encodeSignedOrder } from "../../sdk/signedOrders.js";

describe("order relay: refusals", function () {
  this.timeout(150_000);

  let stack: Stack | undefined;
  let main: RelayServer | undefined;
  let capped: RelayServer | undefined;

  before(async function () {
    stack = await startStack("refusals");
    main = await openRelay(stack, { dataDir: path.join(stack.tmp, "main") });
    capped = await openRelay(stack, { dataDir: path.join(stack.tmp, "capped") }, { maxOpenOrdersPerMaker: 1 });
  });

  after(async function () {
    await main?.close();
    await capped?.close();
    await stack?.stop();
  });

  it("refuses each bad order with its status and code, storing nothing", async function () {
    const s = stack!;
    // The capped relay holds one live order of alice's already: her next one is over the cap.
    const first = await post(
      capped!,
      encodeSignedOrder(await signedListing(s, s.alice, await freshPosition(s, s.alice, 20n))),
    );
    expect(first.status, JSON.stringify(first.json)).to.equal(201);

    const cases = await badOrderCases(s);
    const { tried, rejected, results } = await runBadOrders(cases, { main: main!, capped: capped! });
    const expected = cases.map((c) => ({
      name: c.name,
      status: c.status,
      code: c.code,
      ...(c.field ? { field: c.field } : {}),
      stored: false,
    }));
    expect(results).to.deep.equal(expected);
    expect([tried, rejected]).to.deep.equal([cases.length, cases.length]);
    // Every rule of the issue has its case (the table is not allowed to shrink unnoticed).
    expect(new Set(cases.map((c) => c.code)).size).to.be.greaterThanOrEqual(24);
    expect(await main!.store.count()).to.equal(0);
    expect(await capped!.store.count()).to.equal(1);
  });

  it("accepts a good order once: the second copy is a duplicate (409), also through the SDK client", async function () {
    const s = stack!;
    const signed = await signedListing(s, s.alice, await freshPosition(s, s.alice, 15n));
    const stored = await submitOrder(main!.url, signed);
    expect([stored.status, stored.orderHash, stored.remaining]).to.deep.equal(["open", signed.orderHash, 15n]);
    const before = await main!.store.count();
    let caught: unknown;
    try {
      await submitOrder(main!.url, signed);
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(RelayRejectedError);
    const e = caught as RelayRejectedError;
    expect([e.name, e.status, e.code, e.field]).to.deep.equal(["RelayRejectedError", 409, "duplicate", "orderHash"]);
    expect(e.shortMessage).to.equal(
      `The order relay refused the request (duplicate, orderHash): order ${signed.orderHash} is already in the book`,
    );
    expect(await main!.store.count()).to.equal(before);
  });

  it("answers 503 when the chain cannot be read, storing nothing", async function () {
    const s = stack!;
    // A port nothing listens on: the RPC transport fails, the relay must not store the unverified order.
    const dead = await openRelay(
      s,
      { dataDir: path.join(s.tmp, "dead-chain") },
      {},
      rpcViewOf(s.book, `http://127.0.0.1:${await freePort()}`),
    );
    try {
      const signed = await signedListing(s, s.alice, await freshPosition(s, s.alice, 3n));
      const r = await post(dead, encodeSignedOrder(signed));
      expect([r.status, (r.json.error as { code: string }).code]).to.deep.equal([503, "chain_unavailable"]);
      expect(await dead.store.count()).to.equal(0);
    } finally {
      await dead.close();
    }
  });

  it("answers unknown orders and bad queries with their codes", async function () {
    const missing = await fetch(`${main!.url}/orders/0x${"00".repeat(32)}`);
    expect(missing.status).to.equal(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).to.equal("not_found");
    for (const [query, field] of [
      ["side=bid", "side"],
      ["rig=x", "rig"],
      ["maker=0x12", "maker"],
      ["status=open,gone", "status"],
      ["limit=0", "limit"],
    ] as const) {
      const r = await fetch(`${main!.url}/orders?${query}`);
      const body = (await r.json()) as { error: { code: string; field: string } };
      expect([r.status, body.error.code, body.error.field], query).to.deep.equal([400, "invalid_query", field]);
    }
    // The SDK client: a refusal is a RelayRejectedError, a relay that is not there a RelayUnavailableError.
    const refused = await getOrders(main!.url, { limit: 0 }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(RelayRejectedError);
    expect((refused as RelayRejectedError).shortMessage).to.equal(
      "The order relay refused the request (invalid_query, limit): limit is at least 1",
    );
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const down = await getOrders(nowhere).catch((e: unknown) => e);
    expect(down).to.be.instanceOf(RelayUnavailableError);
    expect((down as RelayUnavailableError).shortMessage).to.match(
      new RegExp(`^The order relay at ${nowhere}/orders could not be reached: `),
    );
  });
});
