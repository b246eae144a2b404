// The relay's chain view keeps the snapshot of a request for the block it was read at: the same page asked
// again within that block costs one eth_getBlockByNumber, and the first new block reads the chain again, so a
// fill or a transfer shows in the next answer (the statuses follow the chain within one block).
import { expect } from "chai";
import { network } from "hardhat";
import { type PublicClient, createPublicClient, custom, erc20Abi, getAddress, maxUint256, zeroAddress } from "viem";

import { rpcChainView } from "../../relay/rpcChainView.js";
import { mint } from "../../sdk/actions/mint.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { sdkRigFixture } from "../sdk/fixture.js";

const connection = await network.create();

describe("relay chain view: a snapshot per block", function () {
  it("answers a repeated request within a block from the cache, and a new block from the chain", async function () {
    const p = await connection.networkHelpers.loadFixture(sdkRigFixture);
    const c = p.contracts;
    await p.alice.writeContract({
      address: p.usdc.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [c.rigShares, maxUint256],
    });
    const { positionId } = await mint(p.alice, { contracts: c, rigId: 1n, shares: 3n });
    const calls: string[] = [];
    const client = createPublicClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          calls.push(args.method);
          return connection.provider.request(args as never);
        },
      }),
    }) as PublicClient;
    const market = p.bob.account.address; // any address: the view reads approvals of it, not its code
    const view = rpcChainView({ client, contracts: { rigShares: c.rigShares, distributor: c.distributor, market } });
    const request = { counters: [], orders: [], positions: [positionId], approvals: [], funds: [] };

    const first = await view.snapshot(request);
    expect(first.positions.get(positionId)?.owner).to.equal(getAddress(p.alice.account.address));
    const afterFirst = calls.length;
    expect(calls).to.include("eth_call");
    const again = await view.snapshot(request);
    expect(again).to.equal(first);
    expect(calls.slice(afterFirst)).to.deep.equal(["eth_getBlockByNumber"]);
    // Another request in the same block is read, not served from the other's snapshot.
    const other = await view.snapshot({ ...request, positions: [positionId + 1n] });
    expect(other.positions.get(positionId + 1n)?.owner).to.equal(zeroAddress);

    await transfer(p.alice, { contracts: c, positionId, to: p.bob.account.address });
    const next = await view.snapshot(request);
    expect(next.blockNumber).to.be.greaterThan(first.blockNumber);
    expect(next.positions.get(positionId)?.owner).to.equal(getAddress(p.bob.account.address));
  });
});
