// Verification inputs of a deployment, from its Ignition journal: for every deployed contract the standard
// JSON input it was compiled from (Ignition's copy of the build info, so what is on chain, not what the
// sources say today), its constructor arguments (as given and ABI-encoded), the compiler version and the
// names `hardhat verify` and the explorers' APIs expect. scripts/deploy.ts writes them beside the address
// book of a public chain: <out-dir>/<chainId>.verify/
//
//   index.json                        every contract: address, FQN, files, the `hardhat verify` command
//   <Contract>.json                   the inputs of one contract (encoded arguments: Etherscan's constructorArguements)
//   <Contract>.args.js                its constructor arguments for `hardhat verify --constructor-args-path`
//   standard-input-<buildInfoId>.json the solc standard JSON input (one per compilation job)
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { getVerificationInformation } from "@nomicfoundation/ignition-core";
import { type Abi, type AbiParameter, encodeAbiParameters } from "viem";

export type ContractVerificationInput = {
  /** Ignition future id, e.g. "RigSharesModule#RigShares". */
  futureId: string;
  address: string;
  /** Fully qualified name for `hardhat verify --contract`, e.g. "contracts/RigShares.sol:RigShares". */
  contract: string;
  /** The name in the standard JSON input (Etherscan's `contractname`), e.g. "project/contracts/RigShares.sol:RigShares". */
  inputContractName: string;
  /** Etherscan's `compilerversion`, e.g. "v0.8.28+commit.7893614a". */
  compilerVersion: string;
  /** Constructor arguments as JSON (integers as decimal strings). */
  constructorArgs: unknown[];
  /** The ABI-encoded constructor arguments, hex without 0x (Etherscan's `constructorArguements`). */
  encodedConstructorArgs: string;
  creationTxHash?: string;
  /** File of the standard JSON input, relative to the .verify directory. */
  standardJsonInput: string;
  /** File of the arguments module for `--constructor-args-path`, relative to the .verify directory. */
  argsModule: string;
  /** The command that verifies it (run from the project root). */
  verifyCommand: string;
};

type StoredArtifact = {
  contractName: string;
  sourceName: string;
  inputSourceName?: string;
  abi: Abi;
  buildInfoId?: string;
};
type StoredBuildInfo = { solcLongVersion: string; input: unknown };

/** JSON of a value with bigints as decimal strings (how `hardhat verify` takes integers too). */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Reads the verification inputs of the deployment in `deploymentDir` (an Ignition deployment directory). */
export async function readVerificationInputs(
  deploymentDir: string,
  network: string,
): Promise<{ contracts: ContractVerificationInput[]; standardInputs: Map<string, unknown> }> {
  // Ignition's artifacts by fully qualified name: getVerificationInformation names the contract, not the future.
  const artifactsDir = path.join(deploymentDir, "artifacts");
  const byFqn = new Map<string, { futureId: string; artifact: StoredArtifact }>();
  for (const file of await readdir(artifactsDir)) {
    if (!file.endsWith(".json") || file.endsWith(".dbg.json")) continue;
    const artifact = JSON.parse(await readFile(path.join(artifactsDir, file), "utf8")) as StoredArtifact;
    const fqn = `${artifact.sourceName}:${artifact.contractName}`;
    if (!byFqn.has(fqn)) byFqn.set(fqn, { futureId: file.slice(0, -".json".length), artifact });
  }
  const buildInfos = new Map<string, StoredBuildInfo>();
  const standardInputs = new Map<string, unknown>();
  const contracts: ContractVerificationInput[] = [];
  for await (const info of getVerificationInformation(deploymentDir)) {
    if (typeof info === "string") throw new Error(`no artifact for ${info} in ${artifactsDir}`);
    const found = byFqn.get(info.contract);
    if (!found) throw new Error(`no Ignition artifact for ${info.contract} in ${artifactsDir}`);
    const { futureId, artifact } = found;
    if (!artifact.buildInfoId) throw new Error(`the artifact of ${futureId} names no build info`);
    let buildInfo = buildInfos.get(artifact.buildInfoId);
    if (!buildInfo) {
      buildInfo = JSON.parse(
        await readFile(path.join(deploymentDir, "build-info", `${artifact.buildInfoId}.json`), "utf8"),
      ) as StoredBuildInfo;
      buildInfos.set(artifact.buildInfoId, buildInfo);
      standardInputs.set(artifact.buildInfoId, buildInfo.input);
    }
    const constructor = artifact.abi.find((item) => item.type === "constructor") as
      { inputs: readonly AbiParameter[] } | undefined;
    const inputs = constructor?.inputs ?? [];
    if (inputs.length !== info.constructorArgs.length)
      throw new Error(`${futureId}: ${info.constructorArgs.length} constructor arguments for ${inputs.length} inputs`);
    const encoded = inputs.length === 0 ? "0x" : encodeAbiParameters(inputs, info.constructorArgs as never);
    const name = futureId.split("#").at(-1)!;
    const argsModule = `${name}.args.js`;
    contracts.push({
      futureId,
      address: info.address,
      contract: info.contract,
      inputContractName: `${artifact.inputSourceName ?? artifact.sourceName}:${artifact.contractName}`,
      compilerVersion: `v${buildInfo.solcLongVersion}`,
      constructorArgs: plain(info.constructorArgs) as unknown[],
      encodedConstructorArgs: encoded.slice(2),
      ...(info.creationTxHash ? { creationTxHash: info.creationTxHash } : {}),
      standardJsonInput: `standard-input-${artifact.buildInfoId}.json`,
      argsModule,
      verifyCommand: `npx hardhat verify --network ${network} --contract ${info.contract} --constructor-args-path <dir>/${argsModule} ${info.address}`,
    });
  }
  return { contracts, standardInputs };
}

/** Writes the verification inputs of `deploymentDir` into `outDir` (replacing what was there); returns them. */
export async function writeVerificationInputs(
  deploymentDir: string,
  outDir: string,
  network: string,
  chainId: number,
): Promise<ContractVerificationInput[]> {
  const { contracts, standardInputs } = await readVerificationInputs(deploymentDir, network);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const relativeDir = path.relative(path.resolve(import.meta.dirname, "..", ".."), outDir) || ".";
  for (const [id, input] of standardInputs)
    await writeFile(path.join(outDir, `standard-input-${id}.json`), `${JSON.stringify(input)}\n`);
  for (const c of contracts) {
    c.verifyCommand = c.verifyCommand.replace("<dir>", relativeDir);
    const name = c.argsModule.slice(0, -".args.js".length);
    await writeFile(path.join(outDir, `${name}.json`), `${JSON.stringify(c, null, 2)}\n`);
    await writeFile(
      path.join(outDir, c.argsModule),
      `// Constructor arguments of ${c.futureId} at ${c.address} (chain ${chainId}), from the Ignition journal.\nexport default ${JSON.stringify(c.constructorArgs, null, 2)};\n`,
    );
  }
  const index = contracts.map(({ futureId, address, contract, standardJsonInput, argsModule, verifyCommand }) => ({
    futureId,
    address,
    contract,
    standardJsonInput,
    argsModule,
    verifyCommand,
  }));
  await writeFile(
    path.join(outDir, "index.json"),
    `${JSON.stringify({ chainId, network, contracts: index }, null, 2)}\n`,
  );
  return contracts;
}
