// deploy/OracleModule.ts on the in-process chain, plugged into the top-level protocol module the way
// scripts/deploy.ts would use it: oracle and funder wired to the protocol's share token and distributor,
// reporters and threshold set, the test WBTC's network parameters set, admin handed over when asked.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Address, getAddress } from "viem";

import { ECONOMICS_ROLE, NETWORK_ROLE, buildOracleModule } from "../../deploy/OracleModule.js";
import { buildRigshareProtocolModule } from "../../deploy/RigshareProtocolModule.js";
import TestTokensModule from "../../deploy/TestTokensModule.js";
import { hashrateOracleAbi, rewardDistributorAbi } from "../../oracle/abi.js";
import { rigSharesAbi } from "../../sdk/abis.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function oracleModuleFixture(c: NetworkConnection) {
  const [deployer, newAdmin, operator, ...rest] = await c.viem.getWalletClients();
  const reporters = rest.slice(0, 5).map((w) => getAddress(w.account.address));
  const { wbtc } = await c.ignition.deploy(TestTokensModule);
  const module = buildOracleModule({
    protocol: buildRigshareProtocolModule({ operators: [operator.account.address] }),
    reporters: [...reporters, reporters[0].toLowerCase()],
    threshold: 3,
    networks: [
      {
        payoutToken: await wbtc.getAddress(),
        difficulty: 110_000_000_000_000n,
        blockReward: 322_500_000n,
        style: "bitcoin",
      },
    ],
    admin: newAdmin.account.address,
    deployer: deployer.account.address,
  });
  const result = await c.ignition.deploy(module, { parameters: { OracleModule: { suspendAfterEpochs: 14 } } });
  const address = async (f: { getAddress(): Promise<string> }) => getAddress(await f.getAddress()) as Address;
  return {
    publicClient: await c.viem.getPublicClient(),
    oracle: await address(result.oracle),
    funder: await address(result.funder),
    shares: await address(result.shares),
    distributor: await address(result.distributor),
    wbtc: await address(wbtc),
    reporters,
    newAdmin: getAddress(newAdmin.account.address),
  };
}

describe("oracle service: deploy/OracleModule.ts", function () {
  it("deploys the oracle and the funder on top of the protocol module and wires them", async function () {
    const f = await networkHelpers.loadFixture(oracleModuleFixture);
    const read = (address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
      f.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<unknown>;
    expect(await read(f.oracle, hashrateOracleAbi, "consumer")).to.equal(f.funder);
    expect(await read(f.distributor, rewardDistributorAbi, "funder")).to.equal(f.funder);
    expect(await read(f.shares, rigSharesAbi, "hasRole", [ECONOMICS_ROLE, f.funder])).to.equal(true);
    expect(await read(f.oracle, hashrateOracleAbi, "reporterSet")).to.deep.equal([5n, 3n]);
    for (const r of f.reporters) expect(await read(f.oracle, hashrateOracleAbi, "isReporter", [r])).to.equal(true);
    const networkAbi = [
      {
        type: "function",
        name: "network",
        stateMutability: "view",
        inputs: [{ name: "payoutToken", type: "address" }],
        outputs: [
          {
            type: "tuple",
            components: [
              { name: "difficulty", type: "uint128" },
              { name: "blockReward", type: "uint120" },
              { name: "style", type: "uint8" },
            ],
          },
        ],
      },
    ] as const;
    expect(await read(f.oracle, networkAbi, "network", [f.wbtc])).to.deep.equal({
      difficulty: 110_000_000_000_000n,
      blockReward: 322_500_000n,
      style: 0,
    });
    const funderAbi = [
      {
        type: "function",
        name: "suspendAfterEpochs",
        stateMutability: "view",
        inputs: [],
        outputs: [{ type: "uint256" }],
      },
    ] as const;
    expect(await read(f.funder, funderAbi, "suspendAfterEpochs")).to.equal(14n);
  });

  it("grants NETWORK_ROLE to the new admin and starts the admin transfer of both contracts", async function () {
    const f = await networkHelpers.loadFixture(oracleModuleFixture);
    const adminAbi = [
      {
        type: "function",
        name: "pendingDefaultAdmin",
        stateMutability: "view",
        inputs: [],
        outputs: [
          { name: "newAdmin", type: "address" },
          { name: "schedule", type: "uint48" },
        ],
      },
      {
        type: "function",
        name: "hasRole",
        stateMutability: "view",
        inputs: [{ type: "bytes32" }, { type: "address" }],
        outputs: [{ type: "bool" }],
      },
    ] as const;
    for (const contract of [f.oracle, f.funder]) {
      const [pending] = (await f.publicClient.readContract({
        address: contract,
        abi: adminAbi,
        functionName: "pendingDefaultAdmin",
      })) as readonly [Address, number];
      expect(pending).to.equal(f.newAdmin);
    }
    expect(
      await f.publicClient.readContract({
        address: f.oracle,
        abi: adminAbi,
        functionName: "hasRole",
        args: [NETWORK_ROLE, f.newAdmin],
      }),
    ).to.equal(true);
  });

  it("refuses a threshold outside 1..reporters at build time", function () {
    expect(() =>
      buildOracleModule({ reporters: ["0x0000000000000000000000000000000000000001"], threshold: 2 }),
    ).to.throw(/threshold 2 must be in \[1, 1\]/);
  });
});
