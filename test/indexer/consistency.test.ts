// The indexer agrees with the contracts. A seeded random sequence of protocol actions (test/indexer/actions.ts:
// mint, transfer, split, merge, burn, list, buy whole or part, signed listings, cancels, counters, rental
// listings, rentals, expiries, epoch pushes, claims) runs on a `hardhat node`; at several points the test
// waits until the indexer has indexed the node's head and compares every rig, position, account, epoch,
// listing and signed order with the contracts' views (test/indexer/compare.ts): zero mismatches, over a
// positive number of compared fields. PGlite follows the sequence live; Postgres indexes the finished
// chain from scratch (a backfill), and must agree just the same.
//
// INDEXER_STEPS (default 30) and INDEXER_SEED (default 0x1dec5eed) set the sequence; a long run:
//   INDEXER_STEPS=300 npx hardhat test mocha test/indexer/consistency.test.ts
import { expect } from "chai";

import { waitForIndexedBlock } from "../../scripts/lib/indexer.js";
import { ActionDriver } from "./actions.js";
import { type Comparison, compareWithChain } from "./compare.js";
import { type Stack, startStack } from "./stack.js";

const STEPS = Number(process.env.INDEXER_STEPS ?? 30);
const SEED = Number(process.env.INDEXER_SEED ?? 0x1dec5eed) >>> 0;
const CHECKPOINTS = 3;

describe("Indexer consistency with the contracts' views", function () {
  this.timeout(600_000);
  let stack: Stack;
  let driver: ActionDriver;

  before(async function () {
    stack = await startStack("consistency");
    driver = new ActionDriver(stack.node.url, stack.reader, stack.book, SEED);
  });
  after(async function () {
    await stack?.teardown();
  });

  const check = async (url: string, where: string): Promise<Comparison> => {
    await waitForIndexedBlock(url, await stack.reader.getBlockNumber());
    const compare = () =>
      compareWithChain({
        indexerUrl: url,
        reader: stack.reader,
        book: stack.book,
        accounts: driver.accounts(),
        orderHashes: driver.orderHashes,
      });
    let result = await compare();
    if (result.mismatches.length > 0) {
      // Once seen (not reproduced since) in the reorg test: /status at the head a moment before the head's
      // rows were readable. One second later is still "caught up"; a real miss or a wrong value stays wrong.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = await compare();
      if (again.mismatches.length === 0)
        console.log(
          `      ${where}: ${result.mismatches.length} mismatch(es) cleared 1 s after /status reached the head`,
        );
      result = again;
    }
    expect(result.mismatches, `${where}: mismatches (seed ${SEED})`).to.deep.equal([]);
    expect(result.fields, `${where}: compared fields`).to.be.greaterThan(0);
    return result;
  };

  it(`PGlite, indexing live: matches every view at ${CHECKPOINTS} points of a ${STEPS}-step random sequence (seed ${SEED})`, async function () {
    const ix = await stack.indexer(stack.backends[0]!);
    let fields = 0;
    fields += (await check(ix.url, "before the sequence")).fields;
    for (let step = 1; step <= STEPS; step++) {
      await driver.step();
      if (step % Math.ceil(STEPS / CHECKPOINTS) === 0 || step === STEPS)
        fields += (await check(ix.url, `after step ${step}`)).fields;
    }
    const counts = [...driver.counts].map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(`      ${STEPS} actions (${counts}); ${fields} fields compared, 0 mismatches`);
    // The sequence must have exercised the paths the tables exist for.
    for (const action of ["mint", "push"]) expect(driver.counts.get(action) ?? 0, action).to.be.greaterThan(0);
  });

  it("Postgres, backfilling the same chain from scratch: matches every view", async function () {
    const backend = stack.backends.find((b) => b.name === "Postgres");
    if (!backend) this.skip(); // postgresEnabled() warned loudly (and fails under CI=true)
    const ix = await stack.indexer(backend!);
    const { fields } = await check(ix.url, "Postgres");
    console.log(`      ${fields} fields compared, 0 mismatches`);
  });
});
