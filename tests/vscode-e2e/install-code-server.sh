#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3, the newest that runs on node 20) into a cache folder,
# working around the three ways a plain `npm install code-server` fails on this kind of machine:
# its postinstall downloads ripgrep from GitHub, its native modules need headers, and argon2 has no prebuilt.
# Prints the path of entry.js. Reruns return at once when the install is complete.
set -euo pipefail

version=4.100.3
cache="${CHARRNN_CODE_SERVER_CACHE:-$HOME/.cache/charrnn-code-server}/$version"
entry="$cache/node_modules/code-server/out/node/entry.js"
if [ -f "$cache/.complete" ]; then echo "$entry"; exit 0; fi

log() { echo "install-code-server: $*" >&2; }

apt_packages=(ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo -n"; fi
  log "apt-get install ${missing[*]}"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# node-gyp would download Node's headers from nodejs.org; use the ones Debian's nodejs ships instead.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

rm -rf "$cache"
mkdir -p "$cache"
cd "$cache"
npm_quiet=(--no-audit --no-fund --loglevel=error)

log "npm install code-server@$version (scripts off)"
echo '{"private":true}' > package.json
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$version" >&2

log "installing VS Code's own node modules"
cd node_modules/code-server/lib/vscode
npm install "${npm_quiet[@]}" --unsafe-perm --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

log "building native modules"
while IFS= read -r gyp; do
  dir=$(dirname "$gyp")
  log "  node-gyp rebuild ${dir#./}"
  (cd "$dir" && npx --yes node-gyp rebuild >/dev/null 2>&1) || log "  (failed, not needed on this path: ${dir#./})"
done < <(find node_modules -name binding.gyp -not -path "*/test/*" -not -path "*/node_modules/*/node_modules/*/node_modules/*")
ln -sfn node_modules node_modules.asar

cd "$cache/node_modules/argon2"
log "building argon2"
npx --yes node-gyp rebuild --module_name=argon2 --module_path=./lib/binding/napi-v3 --napi_build_version=3 >/dev/null 2>&1
mkdir -p lib/binding/napi-v3
cp build/Release/argon2.node lib/binding/napi-v3/

touch "$cache/.complete"
log "done"
echo "$entry"
