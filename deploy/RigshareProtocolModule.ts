// Ignition module "RigshareProtocolModule": the whole protocol, wired. Deploys the renderer, the share
// token and the distributor (through their own modules), then
//   1. RigShares.setDistributor(distributor)                     (once; the share token's hooks need it)
//   2. RigShares.grantRole(OPERATOR_ROLE, operator)              for each operator in the parameters
//   3. when an `admin` other than the deployer is given: PAUSER_ROLE for it on both contracts and
//      beginDefaultAdminTransfer(admin) on both; the new admin accepts after `adminDelay`.
// Ignition modules are static, so the operator list and the admin (key "RigshareProtocolModule" of the
// parameters file) are read by scripts/deploy.ts and passed to `buildRigshareProtocolModule`; every
// other setting is an Ignition parameter of the sub-modules. Future ids are derived from the addresses,
// so re-running with the same parameters changes nothing and adding an operator adds one call.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { getAddress, keccak256, toHex } from "viem";

import RewardDistributorModule from "./RewardDistributorModule.js";
import RigSharesModule from "./RigSharesModule.js";

export const OPERATOR_ROLE = keccak256(toHex("OPERATOR_ROLE"));
export const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));

/** The non-Ignition settings of the protocol module (parameters key "RigshareProtocolModule"). */
export type ProtocolModuleOptions = {
  /** Accounts allowed to register rigs. */
  operators?: readonly string[];
  /** Final admin of both contracts; omitted or equal to the deployer: the deployer stays admin. */
  admin?: string;
  /** The deployer's address, to tell whether `admin` is someone else. */
  deployer?: string;
};

export function buildRigshareProtocolModule({ operators = [], admin, deployer }: ProtocolModuleOptions = {}) {
  const unique = [...new Set(operators.map((a) => getAddress(a)))];
  const handover = admin !== undefined && (deployer === undefined || getAddress(admin) !== getAddress(deployer));
  return buildModule("RigshareProtocolModule", (m) => {
    const { shares, renderer } = m.useModule(RigSharesModule);
    const { distributor } = m.useModule(RewardDistributorModule);

    const wired = m.call(shares, "setDistributor", [distributor]);
    for (const operator of unique) {
      m.call(shares, "grantRole", [OPERATOR_ROLE, operator], {
        id: `grantOperator_${operator.toLowerCase()}`,
        after: [wired],
      });
    }
    if (handover) {
      const to = getAddress(admin);
      const tag = to.toLowerCase();
      for (const [name, contract] of [
        ["shares", shares],
        ["distributor", distributor],
      ] as const) {
        const pauser = m.call(contract, "grantRole", [PAUSER_ROLE, to], {
          id: `${name}_grantPauser_${tag}`,
          after: [wired],
        });
        m.call(contract, "beginDefaultAdminTransfer", [to], {
          id: `${name}_beginAdminTransfer_${tag}`,
          after: [pauser],
        });
      }
    }
    return { shares, distributor, renderer };
  });
}

/** The protocol without operators: what `hardhat ignition deploy deploy/RigshareProtocolModule.ts` runs. */
export default buildRigshareProtocolModule();
