// `--network localhost` follows LOCALHOST_RPC_URL (hardhat.config.ts): a node on another port, or a second
// one, is reachable by the documented deployment command without a flag. Issue 16's "the local network's URL
// is fixed at :8545" — here a node on a free port, the deployment run with no --rpc-url.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { parseAddressBook } from "../../sdk/addressBook.js";
import { type LocalNode, startNode } from "../../scripts/lib/stack/node.js";
import { BIN, ROOT, rpc, runCommand } from "../../scripts/lib/stack/processes.js";

describe("LOCALHOST_RPC_URL: the localhost network on any port", function () {
  this.timeout(300_000);
  let node: LocalNode | undefined;
  let tmp: string | undefined;
  const deploymentId = `localhost-url-${process.pid}`;

  after(async function () {
    delete process.env.LOCALHOST_RPC_URL;
    await node?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    await rm(path.join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("deploys with `scripts/deploy.ts --network localhost` to the node LOCALHOST_RPC_URL names", async function () {
    node = await startNode();
    expect(node.port).to.not.equal(8545);
    tmp = await mkdtemp(path.join(os.tmpdir(), "rigshare-localhost-url-"));
    process.env.LOCALHOST_RPC_URL = node.url; // runCommand passes the environment on
    const args = ["scripts/deploy.ts", "--network", "localhost", "--deployment-id", deploymentId, "--out-dir", tmp];
    const r = await runCommand(path.join(BIN, "tsx"), [...args, "--json", "--no-compile", "--reset"], 240_000);
    expect(r.code, r.stderr || r.stdout).to.equal(0);
    const book = parseAddressBook(JSON.parse(await readFile(path.join(tmp, "31337.json"), "utf8")));
    const code = await rpc<string>(node.url, "eth_getCode", [book.contracts.RigShares.address, "latest"]);
    expect(code.length, "RigShares deployed on the node LOCALHOST_RPC_URL names").to.be.greaterThan(2);
  });
});
