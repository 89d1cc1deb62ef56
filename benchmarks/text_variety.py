"""How templated the support threads read: sentences repeated across tickets.

python benchmarks/text_variety.py             # the frozen seed42
python benchmarks/text_variety.py --seed 7    # a freshly generated world

Prints the number of distinct sentences (five words or more, in customer and agent messages,
internal notes and resolutions), how many appear in more than 3 and more than 5 tickets, and the
most widespread ones. tests/test_world_consistency.py holds seed42 to at most 5 tickets a
sentence.
"""

from __future__ import annotations

import argparse

from corecraft_mcp.world.definition import load_definition
from corecraft_mcp.world.text_variety import sentence_spread
from corecraft_mcp.world.world import build, open_world


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed", type=int, default=None, help="generate this seed (default: frozen)"
    )
    parser.add_argument("--top", type=int, default=10, help="how many sentences to list")
    args = parser.parse_args()
    if args.seed is None:
        world = open_world("seed42")
        conn, name = world.base, "seed42 (frozen)"
    else:
        definition = load_definition("seed42").with_seed(args.seed)
        conn, name = build(definition).base, f"seed {args.seed}"
    spread = sentence_spread(conn)
    over3 = sum(r.tickets > 3 for r in spread)
    over5 = sum(r.tickets > 5 for r in spread)
    print(
        f"{name}: {len(spread):,} distinct sentences; in more than 3 tickets: {over3}; "
        f"in more than 5: {over5}; most widespread: {spread[0].tickets} tickets"
    )
    for repeat in spread[: args.top]:
        print(f"  {repeat.tickets:>3}  {repeat.sources:<20} {repeat.sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
