// The protocol deployed to a running node with scripts/deploy.ts, as a user runs it.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

import { type AddressBook, parseAddressBook } from "../../../sdk/index.js";
import { addressBookPath } from "../../../sdk/loadAddressBook.js";

import { BIN, ROOT, runCommand } from "./processes.js";

export type DeployProtocolOptions = {
  rpcUrl: string;
  /** Where the address book <chainId>.json is written. */
  outDir: string;
  /** Ignition deployment id (journal under ignition/deployments/<id>/). */
  deploymentId: string;
  /** Test tokens and the demo rig (deploy/DemoSeedModule.ts, DemoOracleSeedModule.ts). Default true. */
  seed?: boolean;
  /** Run `hardhat build` first (default true; the tests pass false: `hardhat test` has built). */
  compile?: boolean;
  /** Wipe the deployment's Ignition journal first (right for a node just started). Default false. */
  reset?: boolean;
  /** Hardhat network whose parameters file is used (default "localhost"). */
  network?: string;
  timeoutMs?: number;
};

export type Deployment = {
  book: AddressBook;
  /** The address book's file (in `outDir`). */
  addressBookFile: string;
  /** ignition/deployments/<deploymentId>/ */
  journalDir: string;
  /** Removes the Ignition journal of the deployment (not the address book: `outDir` is the caller's). */
  cleanup(): Promise<void>;
};

/**
 * Deploys the protocol with scripts/deploy.ts (through tsx, as test/e2e/cli.test.ts does) and returns the
 * address book it wrote.
 */
export async function deployProtocol({
  rpcUrl,
  outDir,
  deploymentId,
  seed = true,
  compile = true,
  reset = false,
  network = "localhost",
  timeoutMs = 240_000,
}: DeployProtocolOptions): Promise<Deployment> {
  const journalDir = path.join(ROOT, "ignition", "deployments", deploymentId);
  const args = [
    path.join(ROOT, "scripts", "deploy.ts"),
    "--network",
    network,
    "--rpc-url",
    rpcUrl,
    "--deployment-id",
    deploymentId,
    "--out-dir",
    outDir,
    "--json",
    ...(seed ? ["--seed"] : []),
    ...(compile ? [] : ["--no-compile"]),
    ...(reset ? ["--reset"] : []),
  ];
  const r = await runCommand(path.join(BIN, "tsx"), args, timeoutMs);
  if (r.code !== 0)
    throw new Error(`scripts/deploy.ts failed (exit ${r.code}):\n${(r.stderr || r.stdout).trim().slice(-4_000)}`);
  const line = r.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`scripts/deploy.ts printed no address book:\n${r.stdout.slice(-2_000)}`);
  const book = parseAddressBook(JSON.parse(line));
  const addressBookFile = addressBookPath(book.chainId, outDir);
  const written = parseAddressBook(JSON.parse(await readFile(addressBookFile, "utf8")));
  if (written.contracts.RigShares.address !== book.contracts.RigShares.address)
    throw new Error(`${addressBookFile} does not hold the deployment just made`);
  if (seed && !book.seed) throw new Error("scripts/deploy.ts --seed wrote no seed section (no demo rig id)");
  return {
    book,
    addressBookFile,
    journalDir,
    cleanup: () => rm(journalDir, { recursive: true, force: true }),
  };
}
