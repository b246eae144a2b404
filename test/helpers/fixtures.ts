// Named fixtures shared by the mocha suites (pass them to `loadFixture`). The deployment helpers
// themselves live in scripts/lib/protocol.ts so that the demo and the benchmark use the same code.
import type { NetworkConnection } from "hardhat/types/network";

import { deployProtocol, registerRig, sha256RigParams } from "../../scripts/lib/protocol.js";

export * from "../../scripts/lib/protocol.js";

/** Protocol with the default SHA-256 rig registered and on sale (rig id 1). */
export async function protocolWithRigFixture(connection: NetworkConnection) {
  const p = await deployProtocol(connection);
  const rigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress()));
  return { ...p, rigId };
}
