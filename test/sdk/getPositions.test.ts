// getPositions: correctness through mints, splits, merges, burns and transfers both ways, the cursor
// (only new blocks are scanned; a reorganised or restarted chain voids it), and the measurement behind
// the design: requests made by (A) a Transfer-log scan from the deployment block, (B) the same with a
// cursor, (C) enumerating every serial of every rig with ownerOf — printed, and asserted on.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, createPublicClient, custom, erc20Abi, getAddress, maxUint256 } from "viem";

import { rewardDistributorAbi, rigSharesAbi } from "../../sdk/abis.js";
import { burn } from "../../sdk/actions/burn.js";
import { getPositions } from "../../sdk/actions/getPositions.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { merge } from "../../sdk/actions/merge.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { mint } from "../../sdk/actions/mint.js";
import { split } from "../../sdk/actions/split.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { rpcChainView } from "../../relay/rpcChainView.js";
import { type SdkProtocol, sdkRigFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

/** A public client over the connection's provider that counts JSON-RPC requests by method. */
function countingClient(c: NetworkConnection) {
  const counts = new Map<string, number>();
  const client = createPublicClient({
    transport: custom({
      request: async (args: { method: string; params?: unknown }) => {
        counts.set(args.method, (counts.get(args.method) ?? 0) + 1);
        return c.provider.request(args as never);
      },
    }),
  });
  const take = () => {
    const snapshot = Object.fromEntries(counts);
    counts.clear();
    return snapshot as Record<string, number>;
  };
  return { client, take };
}

const ids = (r: { positions: { positionId: bigint }[] }) => r.positions.map((p) => p.positionId);

async function approveAll(p: SdkProtocol) {
  for (const holder of [p.alice, p.bob, p.carol]) {
    await holder.writeContract({
      address: p.usdc.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [p.contracts.rigShares, maxUint256],
    });
  }
}

describe("getPositions", function () {
  this.timeout(120_000);

  it("finds exactly the positions an account owns after mints, splits, merges, burns and transfers", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    await approveAll(p);
    const c = p.contracts;
    const a1 = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 10n })).positionId; // serial 1
    const a2 = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 20n })).positionId; // 2
    const b1 = (await mint(p.bob, { contracts: c, rigId: 1n, shares: 30n })).positionId; // 3
    const a3 = (await split(p.alice, { contracts: c, positionId: a2, shares: 5n })).newPositionId; // 4
    await transfer(p.alice, { contracts: c, positionId: a1, to: p.bob.account.address });
    await transfer(p.bob, { contracts: c, positionId: b1, to: p.alice.account.address });
    await merge(p.alice, { contracts: c, keptId: b1, burnedId: a3 });
    const a4 = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 1n })).positionId; // 5
    await burn(p.alice, { contracts: c, positionId: a4 });

    const alice = await getPositions(p.publicClient, { contracts: c, account: p.alice.account.address });
    expect(ids(alice)).to.deep.equal([a2, b1]);
    expect(alice.positions.map((x) => x.shares)).to.deep.equal([15n, 35n]);
    const bob = await getPositions(p.publicClient, { contracts: c, account: p.bob.account.address });
    expect(ids(bob)).to.deep.equal([a1]);
    expect(ids(await getPositions(p.publicClient, { contracts: c, account: p.carol.account.address }))).to.deep.equal(
      [],
    );

    // Resume: a position coming back and a new one appear, one sold leaves; only new blocks are scanned.
    await transfer(p.bob, { contracts: c, positionId: a1, to: p.alice.account.address });
    await transfer(p.alice, { contracts: c, positionId: a2, to: p.carol.account.address });
    const again = await getPositions(p.publicClient, {
      contracts: c,
      account: p.alice.account.address,
      cursor: alice.cursor,
    });
    expect(ids(again)).to.deep.equal([a1, b1]);
    expect(again.logRequests).to.equal(1);
    expect(again.cursor.scannedTo).to.equal(await p.publicClient.getBlockNumber({ cacheTime: 0 }));
    expect(a1).to.equal(encodePositionId(1n, 1n));
  });

  it("reads each position's shares, paidX18 and pending reward as the distributor's views do (PortfolioLens)", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    await approveAll(p);
    const c = p.contracts;
    const a1 = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 333n })).positionId;
    const a2 = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 1n })).positionId;
    const b1 = (await mint(p.bob, { contracts: c, rigId: 1n, shares: 7n })).positionId;
    await p.wbtc.write.approve([c.distributor, maxUint256], { account: p.operator.account });
    const rig = (await getRigs(p.publicClient, { contracts: c }))[0]!;
    await toEpochEnd(p, rig.nextEpoch, rig.epochLength);
    await pushEpoch(p.operator, { contracts: c, rigId: 1n, amount: 98_765_431n });
    await networkHelpers.time.increase(1_234);
    // A transfer settles b1 at the current accumulator: its paidX18 moves on, a1's and a2's do not.
    await transfer(p.bob, { contracts: c, positionId: b1, to: p.alice.account.address });
    await networkHelpers.time.increase(777);
    await networkHelpers.mine(1);

    const alice = await getPositions(p.publicClient, { contracts: c, account: p.alice.account.address });
    expect(ids(alice)).to.deep.equal([a1, a2, b1]);
    const pendings = alice.positions.map((x) => x.pendingReward);
    expect(pendings.every((x) => x > 0n)).to.equal(true);
    for (const position of alice.positions) {
      const [state, pending] = await Promise.all([
        p.publicClient.readContract({
          address: c.distributor,
          abi: rewardDistributorAbi,
          functionName: "position",
          args: [position.positionId],
          blockNumber: alice.blockNumber,
        }),
        p.publicClient.readContract({
          address: c.distributor,
          abi: rewardDistributorAbi,
          functionName: "pendingReward",
          args: [position.positionId],
          blockNumber: alice.blockNumber,
        }),
      ]);
      expect(position.shares).to.equal(BigInt(state.shares));
      expect(position.paidX18).to.equal(state.paidX18);
      expect(position.pendingReward).to.equal(pending);
      expect(position.payoutToken).to.equal(getAddress(p.wbtc.address));
    }
    expect(alice.positions[2]!.paidX18).to.be.greaterThan(alice.positions[0]!.paidX18);
  });

  it("discards a cursor whose block is no longer on the chain and rescans", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const c = p.contracts;
    const snapshot = await networkHelpers.takeSnapshot();
    const first = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 7n })).positionId;
    const seen = await getPositions(p.publicClient, { contracts: c, account: p.alice.account.address });
    expect(ids(seen)).to.deep.equal([first]);
    await snapshot.restore(); // the chain forgets the mint: a reorganisation or a restarted node
    const other = (await mint(p.alice, { contracts: c, rigId: 1n, shares: 9n })).positionId;
    await networkHelpers.mine(5);
    const after = await getPositions(p.publicClient, {
      contracts: c,
      account: p.alice.account.address,
      cursor: seen.cursor,
    });
    expect(ids(after)).to.deep.equal([other]);
    expect(after.positions[0].shares).to.equal(9n);
  });

  it("reads an account of 300 positions, and the relay's chain view their owners, in batches the node accepts", async function () {
    // A deployless multicall answers from a constructor, whose returned data the node caps at 24,576 bytes
    // (EIP-170): 300 position reads in one call failed as a whole ("a distributor view reverted"), found by
    // npm run bench:indexer with 1,000 positions. readMany now batches, and splits a batch that fails whole.
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    await approveAll(p);
    const c = p.contracts;
    const minted: bigint[] = [];
    for (let i = 0; i < 300; i++)
      minted.push((await mint(p.alice, { contracts: c, rigId: 1n, shares: 1n })).positionId);
    const { positions } = await getPositions(p.publicClient, { contracts: c, account: p.alice.account.address });
    expect(positions.map((x) => x.positionId)).to.deep.equal(minted);
    expect(positions.every((x) => x.shares === 1n)).to.equal(true);
    const market = p.alice.account.address; // any address: the view reads approvals of it, not its code
    const view = rpcChainView({
      client: p.publicClient as never,
      contracts: { rigShares: c.rigShares, distributor: c.distributor, market },
    });
    const snapshot = await view.snapshot({ counters: [], orders: [], positions: minted, approvals: [], funds: [] });
    expect(snapshot.positions.size).to.equal(300);
    for (const id of minted) expect(snapshot.positions.get(id)?.owner).to.equal(getAddress(p.alice.account.address));
  });

  it("scans in ranges the RPC accepts, and with a cursor only the new blocks (measured)", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    await approveAll(p);
    const c = p.contracts;
    const holders = [p.alice, p.bob, p.carol];
    for (let i = 0; i < 150; i++) await mint(holders[i % 3], { contracts: c, rigId: 1n, shares: 1n });
    await networkHelpers.mine(60_000); // a long quiet stretch of chain, as on a testnet
    for (let i = 0; i < 3; i++) await mint(p.alice, { contracts: c, rigId: 1n, shares: 2n });
    const { client, take } = countingClient(connection);
    const account = p.alice.account.address as Address;
    const rows: [string, Record<string, number>, number, number][] = [];

    // (A) No cursor: Transfer logs from the deployment block in 10,000-block ranges, then ownerOf per candidate
    // and the shares and pending reward of each owned position.
    let t0 = performance.now();
    const full = await getPositions(client, { contracts: c, account, maxBlockRange: 10_000n });
    rows.push(["A. log scan from the deployment block", take(), performance.now() - t0, full.positions.length]);
    const head = await p.publicClient.getBlockNumber({ cacheTime: 0 });
    expect(full.logRequests).to.equal(Number(head / 10_000n) + 1);
    expect(full.positions).to.have.length(53);

    // (A') The same where the RPC caps eth_getLogs at 1,000 blocks (common on hosted testnet endpoints).
    t0 = performance.now();
    const capped = await getPositions(client, { contracts: c, account, maxBlockRange: 1_000n });
    rows.push(["A'. the same, 1,000-block log ranges", take(), performance.now() - t0, capped.positions.length]);
    expect(capped.logRequests).to.equal(Number(head / 1_000n) + 1);

    // (B) With the cursor, 10 blocks later: one eth_getLogs over the new blocks.
    await networkHelpers.mine(10);
    t0 = performance.now();
    const resumed = await getPositions(client, { contracts: c, account, cursor: full.cursor, maxBlockRange: 1_000n });
    rows.push(["B. with the cursor (10 new blocks)", take(), performance.now() - t0, resumed.positions.length]);
    expect(resumed.logRequests).to.equal(1);
    expect(ids(resumed)).to.deep.equal(ids(full));

    // (C) Enumeration without logs: ownerOf for every serial of every rig, then the same per-position reads.
    t0 = performance.now();
    const owned: bigint[] = [];
    for (const rig of await getRigs(client, { contracts: c })) {
      const serials = Array.from({ length: Number(rig.lastSerial) }, (_, i) =>
        encodePositionId(rig.rigId, BigInt(i + 1)),
      );
      const owners = await Promise.all(
        serials.map((id) =>
          client
            .readContract({ address: c.rigShares, abi: rigSharesAbi, functionName: "ownerOf", args: [id] })
            .catch(() => undefined),
        ),
      );
      serials.forEach((id, i) => owners[i]?.toLowerCase() === account.toLowerCase() && owned.push(id));
    }
    await Promise.all(
      owned.flatMap((id) => [
        client.readContract({
          address: c.distributor,
          abi: rewardDistributorAbi,
          functionName: "position",
          args: [id],
        }),
        client.readContract({
          address: c.distributor,
          abi: rewardDistributorAbi,
          functionName: "pendingReward",
          args: [id],
        }),
      ]),
    );
    rows.push(["C. ownerOf over every serial (no logs)", take(), performance.now() - t0, owned.length]);
    expect(owned).to.deep.equal(ids(full));

    const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    console.log(`\n      positions of one holder among 153, chain of ${head} blocks (in-process EDR):`);
    for (const [name, counts, ms, found] of rows) {
      console.log(
        `        ${name.padEnd(42)} ${String(total(counts)).padStart(4)} requests (eth_getLogs ${counts.eth_getLogs ?? 0}, eth_call ${counts.eth_call ?? 0})  ${ms.toFixed(0).padStart(4)} ms  ${found} found`,
      );
    }
    // The cursor makes the log part O(new blocks); enumeration costs a call per position ever minted on any rig.
    expect(total(rows[2][1])).to.be.lessThan(total(rows[0][1]));
    expect(total(rows[0][1])).to.be.lessThan(total(rows[1][1]));
    expect(total(rows[3][1])).to.be.greaterThan(total(rows[0][1]));
    expect(rows[3][1].eth_call).to.be.greaterThanOrEqual(153 + 2 * 53);
  });
});
