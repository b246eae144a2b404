// The web app's load-size report, run by `npm run app:build` after `vite build`: reads Vite's manifest
// (app/dist/.vite/manifest.json, `build.manifest: true` in app/vite.config.ts) and prints
//   - the first-load JS: the entry chunk and every chunk it imports statically, transitively (what the
//     browser downloads before the first screen; each route's view and what only it needs, such as a chart
//     library, are dynamic imports and load later), raw and gzip;
//   - per lazily loaded view (app/src/views/*, one per route), what visiting it adds to the first load,
//     and that plus what the view itself loads on demand (e.g. the chart library, once a chart shows);
//   - the largest JS chunk of the build, raw and gzip;
// and exits 1 when over budget: first load > 150 kB gzip or largest chunk > 350 kB raw (issue 13).
// gzip is node:zlib's at its default level, as Vite's own report; 1 kB = 1000 bytes, as Vite prints.
//
//   tsx scripts/app-size.ts [distDir]        (default app/dist)
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const FIRST_LOAD_GZIP_BUDGET = 150_000;
export const LARGEST_CHUNK_RAW_BUDGET = 350_000;

type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
};
type Size = { file: string; raw: number; gzip: number };

export type AppSize = {
  firstLoad: Size[];
  firstLoadRaw: number;
  firstLoadGzip: number;
  /** Per lazily loaded view: the JS its route downloads on top of the first load. */
  views: { src: string; raw: number; gzip: number; withLazy: { raw: number; gzip: number } }[];
  largest: Size;
  chunks: number;
};

function sizeOf(dist: string, file: string): Size {
  const bytes = readFileSync(path.join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
}

export function measureAppSize(dist: string): AppSize {
  const manifest = JSON.parse(readFileSync(path.join(dist, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (entries.length === 0) throw new Error(`no entry chunk in ${dist}/.vite/manifest.json`);
  // A chunk and its static imports, transitively (a chunk shared by several is counted once).
  const isView = (key: string) =>
    Boolean(manifest[key]!.isDynamicEntry) && /(^|\/)views\//.test(manifest[key]!.src ?? key);
  // With `lazy`, also the chunks imported dynamically, except other routes' views.
  const closure = (keys: string[], lazy = false): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imported of manifest[key]!.imports ?? []) visit(imported);
      if (lazy) for (const imported of manifest[key]!.dynamicImports ?? []) if (!isView(imported)) visit(imported);
    };
    keys.forEach(visit);
    return seen;
  };
  const jsSizes = (keys: Iterable<string>) =>
    [...keys]
      .map((key) => manifest[key]!.file)
      .filter((file) => file.endsWith(".js"))
      .map((file) => sizeOf(dist, file))
      .sort((a, b) => b.gzip - a.gzip);
  const sum = (sizes: Size[], field: "raw" | "gzip") => sizes.reduce((total, s) => total + s[field], 0);
  const first = closure(entries);
  const firstLoad = jsSizes(first);
  const views = Object.keys(manifest)
    .filter(isView)
    .map((key) => {
      const added = jsSizes([...closure([key])].filter((k) => !first.has(k)));
      const withLazy = jsSizes([...closure([key], true)].filter((k) => !first.has(k)));
      return {
        src: manifest[key]!.src ?? key,
        raw: sum(added, "raw"),
        gzip: sum(added, "gzip"),
        withLazy: { raw: sum(withLazy, "raw"), gzip: sum(withLazy, "gzip") },
      };
    })
    .sort((a, b) => a.src.localeCompare(b.src));
  const all = readdirSync(path.join(dist, "assets"))
    .filter((file) => file.endsWith(".js"))
    .map((file) => sizeOf(dist, `assets/${file}`))
    .sort((a, b) => b.raw - a.raw);
  return {
    firstLoad,
    firstLoadRaw: sum(firstLoad, "raw"),
    firstLoadGzip: sum(firstLoad, "gzip"),
    views,
    largest: all[0]!,
    chunks: all.length,
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

function main(): void {
  const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "..", "app", "dist"));
  const size = measureAppSize(dist);
  const firstOk = size.firstLoadGzip <= FIRST_LOAD_GZIP_BUDGET;
  const largestOk = size.largest.raw <= LARGEST_CHUNK_RAW_BUDGET;
  console.log(`\nApp load size (${size.chunks} JS chunks in ${path.relative(process.cwd(), dist) || "."}):`);
  console.log(
    `  first-load JS (entry + static imports, ${size.firstLoad.length} chunks): ` +
      `${kB(size.firstLoadRaw)} raw, ${kB(size.firstLoadGzip)} gzip ` +
      `(budget ${kB(FIRST_LOAD_GZIP_BUDGET)} gzip) ${firstOk ? "ok" : "OVER BUDGET"}`,
  );
  for (const s of size.firstLoad)
    console.log(`    ${s.file.padEnd(44)} ${kB(s.raw).padStart(10)} │ gzip ${kB(s.gzip)}`);
  console.log("  loaded on demand, per route (what its view adds to the first load; with what it loads later):");
  for (const v of size.views)
    console.log(
      `    ${v.src.padEnd(44)} ${kB(v.raw).padStart(10)} │ gzip ${kB(v.gzip).padEnd(9)}` +
        ` (with its own lazy imports ${kB(v.withLazy.raw)} │ gzip ${kB(v.withLazy.gzip)})`,
    );
  console.log(
    `  largest chunk: ${size.largest.file} ${kB(size.largest.raw)} raw, ${kB(size.largest.gzip)} gzip ` +
      `(budget ${kB(LARGEST_CHUNK_RAW_BUDGET)} raw) ${largestOk ? "ok" : "OVER BUDGET"}`,
  );
  if (!firstOk || !largestOk) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
