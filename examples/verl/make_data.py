"""Writes train/test parquet for verl from a synlogic task mix.

    python examples/verl/make_data.py --mix examples/mix.toml --train 100000 --test 1000 \
        --out /data/synlogic

The rows have the columns verl reads as they are: ``prompt`` (chat list), ``data_source``
(``synlogic/<task>``), ``ability``, ``reward_model`` (``{"style": "rule", "ground_truth":
<verification payload>}``) and ``extra_info`` (index, task, level, seed). The train and test
splits use different seeds, so they cannot share an item. The same can be done from the shell:

    synlogic gen --mix examples/mix.toml -n 100000 --seed 0 -o /data/synlogic/train/
    synlogic gen --mix examples/mix.toml -n 1000 --seed 1 -o /data/synlogic/test.parquet

and in the verl config: ``data.train_files=/data/synlogic/train/*.parquet`` (see
``config_excerpt.yaml``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import synlogic


def main() -> None:
    """Writes ``train/`` (sharded) and ``test.parquet`` under ``--out``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mix", default=str(Path(__file__).parents[1] / "mix.toml"))
    parser.add_argument("--train", type=int, default=10_000)
    parser.add_argument("--test", type=int, default=500)
    parser.add_argument("--out", default="data/synlogic")
    args = parser.parse_args()
    mix = synlogic.load_mix(args.mix)
    out = Path(args.out).expanduser()
    train = synlogic.write_parquet(mix, out / "train", args.train, seed=0, overwrite=True)
    test = synlogic.write_parquet(mix, out / "test.parquet", args.test, seed=1)
    print(f"train: {len(train)} shard(s) in {out / 'train'}; test: {test[0]}")


if __name__ == "__main__":
    main()
