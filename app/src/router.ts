// Hash routes (#/rigs/1, #/portfolio, ...): the app is static files, so any host can serve it.
import { useEffect, useState } from "react";

export type Route =
  { page: "rigs" } | { page: "rig"; rigId: bigint } | { page: "portfolio" } | { page: "market" } | { page: "operator" };

export function parseRoute(hash: string): Route {
  const [page, arg] = hash.replace(/^#\/?/, "").split("/");
  if (page === "rigs" && arg && /^\d+$/.test(arg)) return { page: "rig", rigId: BigInt(arg) };
  if (page === "portfolio" || page === "market" || page === "operator") return { page };
  return { page: "rigs" };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
