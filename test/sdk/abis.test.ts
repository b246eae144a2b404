// The committed sdk/abis.ts matches the Hardhat artifacts (regenerate with `npm run abi`), ABI_VERSION is
// the hash the deploy script records (oracle and funder included), and the error union covers every custom
// error of the interfaces and of OpenZeppelin's ECDSA.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { ABIS_FILE, generateAbisSource } from "../../scripts/abi.js";
import { VERSIONED_CONTRACTS, computeAbiVersion } from "../../sdk/abiVersion.js";
import {
  ABI_VERSION,
  epochFunderAbi,
  hashrateOracleAbi,
  rewardDistributorAbi,
  rigSharesAbi,
  rigshareErrorsAbi,
} from "../../sdk/abis.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

describe("generated ABIs (sdk/abis.ts)", function () {
  it("is up to date with the artifacts (run `npm run abi` after changing a contract's interface)", async function () {
    expect(await readFile(ABIS_FILE, "utf8"), "sdk/abis.ts is stale: run `npm run abi`").to.equal(
      await generateAbisSource(),
    );
  });

  it("records ABI_VERSION as the hash of the artifacts' ABIs, as scripts/deploy.ts does", async function () {
    const files: Record<string, string> = {
      RigShares: "contracts/RigShares.sol/RigShares.json",
      RewardDistributor: "contracts/RewardDistributor.sol/RewardDistributor.json",
      ShareRenderer: "contracts/ShareRenderer.sol/ShareRenderer.json",
      TestERC20: "contracts/test/TestERC20.sol/TestERC20.json",
      HashrateOracle: "contracts/HashrateOracle.sol/HashrateOracle.json",
      EpochFunder: "contracts/EpochFunder.sol/EpochFunder.json",
      ShareMarket: "contracts/ShareMarket.sol/ShareMarket.json",
    };
    const abis = await Promise.all(
      VERSIONED_CONTRACTS.map(
        async (name) => JSON.parse(await readFile(path.join(ROOT, "artifacts", files[name]), "utf8")).abi,
      ),
    );
    expect(ABI_VERSION).to.equal(computeAbiVersion(abis));
    expect(ABI_VERSION).to.match(/^0x[0-9a-f]{16}$/);
  });

  it("holds every custom error declared in contracts/interfaces in the error union", async function () {
    const names = new Set(rigshareErrorsAbi.map((e) => e.name));
    for (const file of [
      "IRigShares.sol",
      "IRewardDistributor.sol",
      "IHashrateOracle.sol",
      "IEpochFunder.sol",
      "IShareMarket.sol",
    ]) {
      const source = await readFile(path.join(ROOT, "contracts", "interfaces", file), "utf8");
      const declared = [...source.matchAll(/^\s*error (\w+)\(/gm)].map((m) => m[1]);
      expect(declared.length, file).to.be.greaterThan(5);
      for (const name of declared) expect(names.has(name as never), `${file}: ${name}`).to.equal(true);
    }
    for (const name of [
      "ERC721NonexistentToken",
      "AccessControlUnauthorizedAccount",
      "EnforcedPause",
      "SafeERC20FailedOperation",
      "ERC20InsufficientAllowance",
      "ECDSAInvalidSignature",
      "ECDSAInvalidSignatureLength",
      "ECDSAInvalidSignatureS",
    ]) {
      expect(names.has(name as never), name).to.equal(true);
    }
    expect(rigSharesAbi.some((i) => i.type === "function" && i.name === "mint")).to.equal(true);
    expect(rewardDistributorAbi.some((i) => i.type === "function" && i.name === "pendingReward")).to.equal(true);
    expect(hashrateOracleAbi.some((i) => i.type === "function" && i.name === "submitReport")).to.equal(true);
    expect(epochFunderAbi.some((i) => i.type === "function" && i.name === "pushEpochWithReport")).to.equal(true);
  });
});
