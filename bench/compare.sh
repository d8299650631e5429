#!/usr/bin/env bash
# reel side by side with tantivy-cli (indexing the same passages) and ripgrep (scanning the raw
# text), on the same corpus and machine, in one run, at several corpus scales.
#
#   bench/compare.sh [CORPUS]          default: ../shared/corpora/aclimdb_train_10k/train
#   SCALES="1 4 16" RUNS=3 bench/compare.sh
#
# Prints one block per scale with the ratios, and a JSON line per scale on stdout.
# Installs what it needs: hyperfine and ripgrep (Debian packages), tantivy-cli (cargo install
# into $REEL_TOOLS, default ~/.cache/reel-bench).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-../shared/corpora/aclimdb_train_10k/train}
scales=${SCALES:-1 4 16}
runs=${RUNS:-3}
tools=${REEL_TOOLS:-$HOME/.cache/reel-bench}
queries=bench/queries.txt

if [ ! -d "$corpus" ]; then
  echo "compare.sh: no corpus at $corpus (the shared corpora sit beside the repository); nothing measured" >&2
  exit 0
fi

install_debian() {
  command -v "$1" >/dev/null && return
  echo "compare.sh: installing $2 (Debian package)" >&2
  { apt-get update -qq && apt-get install -y -qq "$2"; } >/dev/null
}
install_debian hyperfine hyperfine
install_debian rg ripgrep
if [ ! -x "$tools/bin/tantivy" ]; then
  echo "compare.sh: installing tantivy-cli into $tools" >&2
  # --locked pins a dependency that no longer builds on current Rust; then let cargo resolve.
  cargo install tantivy-cli --locked --root "$tools" -q 2>/dev/null ||
    cargo install tantivy-cli --root "$tools" -q
fi
tantivy="$tools/bin/tantivy"

# Wall seconds of one command, its output discarded.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }'
}

# Times in seconds as hyperfine's JSON export (mean, median, times).
times_json() {
  python3 -c 'import json, statistics, sys; t = [float(x) for x in sys.argv[1:]]; print(json.dumps({"results": [{"mean": statistics.mean(t), "median": statistics.median(t), "times": t}]}))' "$@"
}

cargo build --release -q
reel=target/release/reel
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
echo "reel $($reel --version | cut -d' ' -f2), tantivy-cli $("$tantivy" --version | cut -d' ' -f2), $(rg --version | sed -n 1p), $(hyperfine --version)" >&2

for scale in $scales; do
  c="$work/corpus-$scale"
  bench/replicate.sh "$corpus" "$c" "$scale"
  bytes=$(find "$c" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  echo "--- scale ${scale}x: $(find "$c" -type f | wc -l) files, $bytes bytes" >&2

  # Indexing: reel reads and extracts the raw files; tantivy-cli gets reel's passages as NDJSON.
  # The two take turns, run after run (the first of each is a warm-up), so a noisy spell on a
  # shared machine slows both alike; the medians are compared.
  "$reel" extract "$c" --json | python3 bench/passages_to_ndjson.py >"$work/docs.json"
  reel_times=() tc_times=()
  for run in $(seq 0 "$runs"); do
    rm -rf "$work/reel-ix"
    t=$(seconds "$reel" index "$c" --index "$work/reel-ix" --quiet)
    [ "$run" -gt 0 ] && reel_times+=("$t")
    rm -rf "$work/tc-ix" && mkdir "$work/tc-ix" && cp bench/tantivy-cli-meta.json "$work/tc-ix/meta.json"
    t=$(seconds "$tantivy" index -i "$work/tc-ix" -f "$work/docs.json" -t "$(nproc)" -m 400000000)
    [ "$run" -gt 0 ] && tc_times+=("$t")
  done
  times_json "${reel_times[@]}" >"$work/reel-index.json"
  times_json "${tc_times[@]}" >"$work/tc-index.json"

  # Queries in process: reel (parse, search, fetch, snippets) and tantivy-cli (search).
  "$reel" bench "$c" --queries "$queries" --runs 10 --json --quiet >"$work/reel-bench.json"
  "$tantivy" bench -i "$work/tc-ix" -q "$queries" -n 10 >"$work/tc-bench.txt" 2>/dev/null

  # ripgrep: one case-insensitive counting scan of the raw corpus per query word.
  python3 - "$queries" "$work/rg-words.json" <<'PY'
import json, re, sys
queries = [l.strip() for l in open(sys.argv[1]) if l.strip()]
per_query = []
for q in queries:
    words = []
    for tok in q.replace('"', " ").split():
        if tok in ("AND", "OR", "NOT") or tok.startswith("-"):
            continue
        tok = tok.split(":", 1)[-1].lstrip("+").rstrip("*")
        if re.fullmatch(r"\w+", tok):
            words.append(tok)
    per_query.append(words)
json.dump(per_query, open(sys.argv[2], "w"))
PY
  mapfile -t words < <(python3 -c 'import json,sys; print("\n".join(sorted({w for q in json.load(open(sys.argv[1])) for w in q})))' "$work/rg-words.json")
  cmds=()
  for w in "${words[@]}"; do cmds+=("rg -i -c $w $c"); done
  hyperfine -N -i -w 1 -r "$runs" --export-json "$work/rg.json" "${cmds[@]}" >/dev/null
  python3 - "$work/rg.json" "$c" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for r in data["results"]:
    r["command"] = r["command"].split()[3]
json.dump(data, open(sys.argv[1], "w"))
PY

  python3 bench/summarize.py "$work" "$scale" "$bytes"
  rm -rf "$c" "$work/reel-ix" "$work/tc-ix" "$work/docs.json"
done
