// A `hardhat node` with the protocol deployed (scripts/lib/stack/deployment.ts, address book in a temporary
// folder) and, unless told otherwise, the demo seed's activity (scripts/lib/stack/seed.ts): the chain the
// indexer, relay and app suites start from. `stop` stops the node and removes what the deployment wrote.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import {
  type ActivitySummary,
  type Deployment,
  type LocalNode,
  deployProtocol,
  seedActivity,
  startNode,
} from "../../scripts/lib/localStack.js";

export type SeededChain = {
  node: LocalNode;
  deployment: Deployment;
  /** What the seed made (rig, positions, listings); undefined with `seed: false`. */
  activity?: ActivitySummary;
  tmp: string;
  /** The folder holding the address book (`startAppServer`'s `deploymentsDir`). */
  deploymentsDir: string;
  stop(): Promise<void>;
};

export async function startSeededChain(name: string, { seed = true }: { seed?: boolean } = {}): Promise<SeededChain> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `rigshare-${name}-`));
  let node: LocalNode | undefined;
  let deployment: Deployment | undefined;
  const stop = async () => {
    await node?.stop().catch(() => undefined);
    await deployment?.cleanup().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    node = await startNode();
    const deploymentsDir = path.join(tmp, "deployments");
    deployment = await deployProtocol({
      rpcUrl: node.url,
      outDir: deploymentsDir,
      deploymentId: `${name}-${process.pid}-${Date.now()}`,
      compile: false,
      reset: true,
    });
    const activity = seed ? await seedActivity({ rpcUrl: node.url, book: deployment.book }) : undefined;
    return { node, deployment, activity, tmp, deploymentsDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
