// Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside every text
// and wasm file of the build, once, at build time, so a server sends the smallest its
// client takes without compressing on every request: the reference server by
// negotiation (tower-http's `precompressed_br`/`precompressed_gzip`, with `Vary`), nginx
// with `gzip_static` and `brotli_static` (README, "Deploying"). A copy that is not smaller
// than the file is not written.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|webmanifest|svg|ics|txt)$/;
// Edited after the build by whoever deploys it ("one dist/, only config.json changes"):
// a compressed copy would go on serving the old one.
const EDITED_AFTER_BUILD = /(^|\/)config\.json$/;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

export function compressBuild(staging) {
  let written = 0;
  for (const path of files(staging).filter((p) => COMPRESSIBLE.test(p) && !EDITED_AFTER_BUILD.test(p))) {
    const raw = readFileSync(path);
    const copies = [
      [".br", brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })],
      [".gz", gzipSync(raw, { level: 9 })],
    ];
    for (const [suffix, body] of copies) {
      if (body.length < raw.length) {
        writeFileSync(path + suffix, body);
        written += 1;
      }
    }
  }
  console.log(`compress-build: ${written} compressed copies written`);
}
