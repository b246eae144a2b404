// getOperatorRole: whether `account` holds RigShares' OPERATOR_ROLE (needed to register a rig), and who can
// grant it: the share token's admin (`defaultAdmin()`), through `grantRole(OPERATOR_ROLE, account)`.
import { type Address, type Hex, type ReadContractErrorType, keccak256, toHex } from "viem";
import { readContract } from "viem/actions";

import { rigSharesAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

/** `RigShares.OPERATOR_ROLE`, keccak256("OPERATOR_ROLE"). */
export const OPERATOR_ROLE: Hex = keccak256(toHex("OPERATOR_ROLE"));

export type GetOperatorRoleParameters = ContractsParameter & { account: Address };
export type GetOperatorRoleReturnType = {
  /** The role's id on the share token. */
  role: Hex;
  /** The share token, where the role is held and granted. */
  rigShares: Address;
  hasRole: boolean;
  /** The share token's admin, the account that can grant the role. */
  admin: Address;
};
export type GetOperatorRoleErrorType = ReadContractErrorType;

export async function getOperatorRole(
  client: ReadClient,
  { contracts, account }: GetOperatorRoleParameters,
): Promise<GetOperatorRoleReturnType> {
  const [hasRole, admin] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "hasRole",
        args: [OPERATOR_ROLE, account],
      }),
      readContract(client, { address: contracts.rigShares, abi: rigSharesAbi, functionName: "defaultAdmin" }),
    ]),
  );
  return { role: OPERATOR_ROLE, rigShares: contracts.rigShares, hasRole, admin };
}
