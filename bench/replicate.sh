#!/usr/bin/env bash
# Makes a corpus N times larger: DEST/copy1 … DEST/copyN each hold every file of SRC, so every
# file exists N times under new names. Usage: bench/replicate.sh SRC DEST N
set -euo pipefail
src=${1:?usage: replicate.sh SRC DEST N}
dest=${2:?usage: replicate.sh SRC DEST N}
n=${3:?usage: replicate.sh SRC DEST N}
[ -d "$src" ] || { echo "replicate.sh: $src is not a folder" >&2; exit 2; }
mkdir -p "$dest"
for i in $(seq 1 "$n"); do
  mkdir -p "$dest/copy$i"
  cp -R "$src/." "$dest/copy$i/"
done
