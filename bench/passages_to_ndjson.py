"""Turns `reel extract --json` lines into tantivy-cli documents with the same fields.

Usage: reel extract CORPUS --json | python3 bench/passages_to_ndjson.py > docs.json
"""
import json
import sys

for line in sys.stdin:
    p = json.loads(line)
    doc = {"source": p["source"], "body": p["text"]}
    for key in ("film", "year", "lesson"):
        if p[key] is not None:
            doc[key] = p[key]
    sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
