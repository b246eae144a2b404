// Issue 16's testnet rehearsal, for Sepolia's chain id (npm run rehearse:testnet runs Base Sepolia too): a
// `hardhat node --chain-id 11155111`, a throwaway Hardhat keystore holding its URL and a test key, and every
// `sh` command of docs/testnet.md run as written (keystore set-up, deploy, re-run, verify against a stand-in
// explorer), then a deployment SIGKILLed between two contracts and resumed. ~90 s.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { CHAINS, rehearseChain, shCommands } from "../../scripts/rehearse-testnet.js";
import { ROOT } from "../../scripts/lib/stack/processes.js";

describe("testnet rehearsal (docs/testnet.md against a node with Sepolia's chain id)", function () {
  this.timeout(400_000);

  it("runs every sh command of the walk-through: keystore, deploy, idempotent re-run, verify; crash and resume", async function () {
    const commands = shCommands(await readFile(path.join(ROOT, "docs", "testnet.md"), "utf8"));
    const report = await rehearseChain(CHAINS.sepolia);
    expect(report.chainId).to.equal(11155111);
    expect(report.commands.map((c) => c.command)).to.deep.equal(commands);
    expect(commands.some((c) => c.startsWith("npx hardhat keystore set SEPOLIA_PRIVATE_KEY"))).to.equal(true);
    expect(commands.filter((c) => c === "npm run deploy -- --network sepolia")).to.have.length(2);
    expect(report.contracts).to.equal(6);
    expect(report.verified).to.equal(report.contracts);
    expect(report.crash.killedAfterContracts).to.be.within(1, report.crash.ofContracts - 1);
    expect(report.crash.creationsAfterResume).to.equal(report.crash.ofContracts);
    // The walk-through's faucet figure is the measured gas (within 5%: contracts change).
    const docs = await readFile(path.join(ROOT, "docs", "testnet.md"), "utf8");
    const stated = /\| Sepolia\s+\| ([\d,]+)\s+\|/.exec(docs)?.[1];
    expect(stated, "docs/testnet.md states Sepolia's deployment gas").to.not.equal(undefined);
    const ratio = Number(stated!.replace(/,/g, "")) / Number(report.deploymentGas);
    expect(ratio, `docs say ${stated} gas, measured ${report.deploymentGas}`).to.be.within(0.95, 1.05);
  });
});
