"""Reads the measurements of one scale of bench/compare.sh and prints the comparison row.

Usage: python3 bench/summarize.py WORKDIR SCALE BYTES
"""
import json
import pathlib
import statistics
import sys

work, scale, input_bytes = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def median(name):
    return json.loads((work / name).read_text())["results"][0]["median"]


def dir_bytes(name):
    return sum(f.stat().st_size for f in (work / name).iterdir() if f.is_file())


reel = json.loads((work / "reel-bench.json").read_text())
passages = reel["passages"]
reel_index = median("reel-index.json")
tc_index = median("tc-index.json")

# tantivy-cli bench prints "query<TAB>hits<TAB>microseconds" lines in its SEARCH section and
# "query<TAB>microseconds" in FETCH STORE; a query's cost is its search plus fetching its hits,
# as reel's latency includes fetching hits (and building snippets).
search, fetch = [], []
section = None
for line in (work / "tc-bench.txt").read_text().splitlines():
    if line.strip() in ("SEARCH", "FETCH STORE"):
        section = line.strip()
        continue
    parts = line.split("\t")
    if section == "SEARCH" and len(parts) == 3 and parts[2].strip().isdigit():
        search.append(int(parts[2]) / 1000.0)
    elif section == "FETCH STORE" and len(parts) == 2 and parts[1].strip().isdigit():
        fetch.append(int(parts[1]) / 1000.0)
tc_ms = [s + f for s, f in zip(search, fetch)] if len(fetch) == len(search) else search
tc_p50 = statistics.median(tc_ms) if tc_ms else float("nan")

# ripgrep: a query costs one `rg -i -c` scan per word.
rg_words = json.loads((work / "rg-words.json").read_text())
rg_mean = {r["command"]: r["mean"] for r in json.loads((work / "rg.json").read_text())["results"]}
rg_query_ms = []
for words in rg_words:
    rg_query_ms.append(1000.0 * sum(rg_mean[w] for w in words))
rg_p50 = statistics.median(rg_query_ms)

reel_p50 = reel["warm"]["p50_ms"]
row = {
    "scale": scale,
    "input_mb": input_bytes / 1e6,
    "passages": passages,
    "reel_index_s": reel_index,
    "tantivy_cli_index_s": tc_index,
    "reel_passages_per_s": passages / reel_index,
    "tantivy_cli_passages_per_s": passages / tc_index,
    "reel_index_mb": dir_bytes("reel-ix") / 1e6,
    "tantivy_cli_index_mb": dir_bytes("tc-ix") / 1e6,
    "reel_size_ratio": dir_bytes("reel-ix") / input_bytes,
    "reel_peak_rss_mb": reel["peak_rss_mb"],
    "reel_query_p50_ms": reel_p50,
    "reel_query_p95_ms": reel["warm"]["p95_ms"],
    "tantivy_cli_query_p50_ms": tc_p50,
    "rg_query_p50_ms": rg_p50,
}
print(json.dumps(row))
print(
    f"scale {scale}x: {input_bytes / 1e6:.1f} MB, {passages} passages\n"
    f"  index   reel {reel_index:.2f} s ({row['reel_passages_per_s']:.0f} passages/s) | "
    f"tantivy-cli {tc_index:.2f} s ({row['tantivy_cli_passages_per_s']:.0f} passages/s) | "
    f"ratio reel/tantivy-cli throughput {row['reel_passages_per_s'] / row['tantivy_cli_passages_per_s']:.2f}\n"
    f"  size    reel {row['reel_index_mb']:.1f} MB ({row['reel_size_ratio']:.2f}x input) | "
    f"tantivy-cli {row['tantivy_cli_index_mb']:.1f} MB\n"
    f"  memory  reel peak RSS {reel['peak_rss_mb']:.0f} MB\n"
    f"  query   p50 reel {reel_p50:.3f} ms | tantivy-cli {tc_p50:.3f} ms | ripgrep {rg_p50:.1f} ms | "
    f"ripgrep/reel {rg_p50 / reel_p50:.0f}x, tantivy-cli/reel {tc_p50 / reel_p50:.2f}x",
    file=sys.stderr,
)
