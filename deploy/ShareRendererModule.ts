// Ignition module "ShareRendererModule": the stateless on-chain metadata renderer (JSON + SVG).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("ShareRendererModule", (m) => {
  const renderer = m.contract("ShareRenderer");
  return { renderer };
});
