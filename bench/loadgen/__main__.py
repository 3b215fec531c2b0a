"""`python -m bench.loadgen --households N [--seed S] [--closed-share F] [--force]` from the
repository root."""

import argparse
import os
import sys

from bench.loadgen import CLOSED_SHARE


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.loadgen",
        description=(
            "Generate a reproducible load-test dataset of N households (bulk inserts). Refuses "
            "in production, and when real households exist unless --force."
        ),
    )
    parser.add_argument("--households", type=int, required=True, help="number of cases")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--closed-share",
        type=float,
        default=CLOSED_SHARE,
        help=(
            f"share of the cases that are closed (default {CLOSED_SHARE}: most cases open at "
            "once, the load's worst case; 0.9 is a decade of rehousing, most of it done)"
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="generate even though the database holds real (non-generated) households",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygning.settings")
    import django

    django.setup()
    from bench.loadgen.command import LoadDataRefused, generate

    try:
        generate(
            households=args.households,
            seed=args.seed,
            closed_share=args.closed_share,
            force=args.force,
            stdout=sys.stdout,
        )
    except LoadDataRefused as error:
        parser.exit(1, f"{error}\n")


if __name__ == "__main__":
    main()
