// Token symbols and decimals, read once per token and chain (they never change) and shared by every view.
import { useEffect, useState } from "react";
import type { Address } from "viem";

import { getToken } from "../../../sdk/actions/getToken.js";
import type { TokenMeta } from "../format.js";
import { useProtocol } from "./ProtocolContext.js";

const cache = new Map<string, Promise<TokenMeta>>();

export function useToken(address: Address | undefined): TokenMeta | undefined {
  const { publicClient, chain } = useProtocol();
  const [meta, setMeta] = useState<TokenMeta>();
  useEffect(() => {
    if (!address) return;
    const key = `${chain.chainId}:${address}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = getToken(publicClient, { token: address }).then(({ symbol, decimals }) => ({
        address,
        symbol,
        decimals,
      }));
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    let live = true;
    pending.then((m) => live && setMeta(m)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [address, chain.chainId, publicClient]);
  return meta;
}
