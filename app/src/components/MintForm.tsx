// Buying shares of a rig's primary sale: the cost, the account's balance, and the two wallet steps it
// takes when the payment token is not yet approved (approve exactly the cost, then mint).
import { useState } from "react";

import { getToken } from "../../../sdk/actions/getToken.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { mint } from "../../../sdk/actions/mint.js";
import { parseInteger } from "../../../sdk/decimal.js";
import { type TokenMeta, formatToken } from "../format.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { parseInputs } from "../parse.js";
import { useTx } from "../tx/TxContext.js";
import { Card, Field, NeedsWallet } from "./ui.js";

export function MintForm({ rig, payment }: { rig: RigInfo; payment?: TokenMeta }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const [text, setText] = useState("10");
  const { value: shares, problem } = text.trim() === "" ? {} : parseInputs(() => parseInteger(text, "shares"));
  const account = walletClient?.account.address;
  const { data: funds } = useChainQuery(
    ({ publicClient }) =>
      account
        ? getToken(publicClient, { token: rig.paymentToken, account, spender: contracts.rigShares })
        : Promise.resolve(undefined),
    [account, rig.paymentToken],
  );
  const cost = shares !== undefined ? shares * rig.pricePerShare : undefined;
  const needsApproval = cost !== undefined && funds?.allowance !== undefined && funds.allowance < cost;
  const open = rig.saleOpen && rig.status === "Active";

  const submit = () => {
    if (!walletClient || shares === undefined) return;
    run(`Mint ${shares} shares of ${rig.name}`, (options) =>
      mint(walletClient, { contracts, rigId: rig.rigId, shares, ...options }),
    );
  };

  return (
    <Card title="Mint shares" testId="mint">
      {!open && <p className="muted">The sale of this rig is closed.</p>}
      <Field label="Shares" value={text} onChange={setText} testId="mint-shares" />
      {problem && <p className="error">{problem}</p>}
      {cost !== undefined && <p data-testid="mint-cost">Cost: {formatToken(cost, payment)}</p>}
      <NeedsWallet what="mint">
        {funds?.balance !== undefined && (
          <p className="muted" data-testid="payment-balance">
            Your balance: {formatToken(funds.balance, payment)}
          </p>
        )}
        <ol className="steps" data-testid="mint-steps">
          <li className={needsApproval ? undefined : "done"}>
            Approve {payment?.symbol ?? "payment"} {needsApproval ? "(needed)" : "(already approved)"}
          </li>
          <li>Mint the position</li>
        </ol>
        <button disabled={!open || shares === undefined} onClick={submit} data-testid="mint-submit">
          {needsApproval ? "Approve and mint" : "Mint"}
        </button>
      </NeedsWallet>
    </Card>
  );
}
