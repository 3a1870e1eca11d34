"""synlogic.Curriculum: determinism, resume, policies, hostile input, and its trainers.

The trainer tests run the installed trainers' own code paths: TRL's GRPOTrainer (a short
real run, under a minute on CPU), verl's ``create_rl_dataset`` with ``data.custom_cls``,
verl's collate function, ``DataProto`` and torchdata's ``StatefulDataLoader`` (as
``RayPPOTrainer`` builds it), and ``RayPPOTrainer`` subclassed by ``curriculum_trainer``.
"""

from __future__ import annotations

import importlib.util
import json
import math
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
import synlogic
from conftest import require
from synlogic.curriculum import (
    Curriculum,
    CurriculumReward,
    Draw,
    group_outcomes,
)
from synlogic.exceptions import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    LevelError,
    SynlogicError,
    UnknownKnobError,
    UnknownTaskError,
)

TASKS = ["countdown", "knights_knaves"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "trl_grpo_curriculum.py"


def outcomes(draws: list[Draw], skill: int, group: int = 8) -> list[tuple[str, int, list[float]]]:
    """A learner that solves levels below ``skill``, half of level ``skill``, none above."""
    return [
        (
            d.task,
            d.level,
            [
                float(d.level < skill or (d.level == skill and (d.index + i) % 2 == 0))
                for i in range(group)
            ],
        )
        for d in draws
    ]


def run(curriculum: Curriculum, steps: int, skill: int) -> list[Draw]:
    drawn = []
    for _ in range(steps):
        draws = curriculum.draw(16)
        curriculum.observe_batch(outcomes(draws, skill))
        drawn.extend(draws)
    return drawn


@pytest.mark.parametrize("policy", ["band", "bandit"])
def test_decisions_depend_only_on_seed_settings_and_observations(policy: str) -> None:
    a = Curriculum(TASKS, policy=policy, seed=3)
    b = Curriculum(TASKS, policy=policy, seed=3)
    assert run(a, 20, 6) == run(b, 20, 6)
    assert a.state_dict() == b.state_dict()
    c = Curriculum(TASKS, policy=policy, seed=4)
    assert run(c, 20, 6) != run(a, 20, 6)


@pytest.mark.parametrize("policy", ["band", "bandit"])
def test_a_resumed_curriculum_decides_like_an_uninterrupted_one(
    policy: str, tmp_path: Path
) -> None:
    whole = Curriculum(TASKS, policy=policy, seed=5)
    half = Curriculum(TASKS, policy=policy, seed=5)
    assert run(whole, 12, 7) == run(half, 12, 7)
    # Through every way a state leaves the process: a dict through JSON, a file, a pickle.
    state = json.loads(json.dumps(half.state_dict()))
    half.save(tmp_path / "state.json")
    resumed = [
        Curriculum.from_state_dict(state),
        Curriculum.load(tmp_path / "state.json"),
        pickle.loads(pickle.dumps(half)),
    ]
    into_fresh = Curriculum(["sudoku"])
    into_fresh.load_state_dict(state)
    resumed.append(into_fresh)
    expected = run(whole, 20, 7)
    for r in resumed:
        assert run(r, 20, 7) == expected
        assert r.state_dict() == whole.state_dict()


def test_the_band_moves_up_to_the_learners_edge_and_back_down() -> None:
    curriculum = Curriculum(synlogic.Mix.from_weights({t: 1 for t in TASKS}, level=2))
    run(curriculum, 40, 6)
    assert curriculum.levels() == {"countdown": 6, "knights_knaves": 6}
    run(curriculum, 60, 3)
    assert curriculum.levels() == {"countdown": 3, "knights_knaves": 3}
    report = curriculum.report()
    entry = report["tasks"]["countdown"]
    assert entry["moves_up"] >= 4
    assert entry["moves_down"] >= 3
    assert entry["levels"]["6"]["pass_rate"] == pytest.approx(0.5, abs=0.1)
    assert 0.0 < report["zero_variance_share"] < 1.0


def test_the_bandit_concentrates_on_the_level_with_signal() -> None:
    curriculum = Curriculum(TASKS, policy="bandit", seed=1)
    run(curriculum, 60, 5)
    draws = curriculum.draw(2000)
    assert sum(d.level == 5 for d in draws) > 1200
    assert curriculum.levels() == {"countdown": 5, "knights_knaves": 5}
    assert sum(curriculum.task_weights().values()) == pytest.approx(1.0)
    low, high = curriculum.windows()["countdown"]
    assert low <= 5 <= high


def test_rows_are_the_generators_items_at_the_drawn_level() -> None:
    curriculum = Curriculum([synlogic.MixEntry("countdown", level=4, knobs={"count": 4})], seed=9)
    rows = curriculum.rows(3, system_prompt="be brief")
    assert [r["index"] for r in rows] == [0, 1, 2]
    for row in rows:
        assert (row["task"], row["level"], row["seed"]) == ("countdown", 4, 9)
        assert (
            row
            == synlogic.generate(
                "countdown",
                1,
                seed=9,
                start=row["index"],
                level=4,
                knobs={"count": 4},
                system_prompt="be brief",
            )[0]
        )


def test_metrics_are_flat_floats() -> None:
    curriculum = Curriculum(TASKS)
    curriculum.observe("countdown", curriculum.levels()["countdown"], [1.0, 0.0])
    metrics = curriculum.metrics()
    assert metrics["curriculum/countdown/pass_rate"] == 0.5
    assert all(isinstance(v, float) for v in metrics.values())


def test_hostile_inputs_raise_typed_errors_and_change_nothing() -> None:
    curriculum = Curriculum(TASKS, max_level=8)
    before = curriculum.state_dict()
    level = curriculum.levels()["countdown"]
    cases: list[tuple[Any, tuple[Any, ...]]] = [
        (InvalidArgumentError, ("countdown", level, [math.nan])),
        (InvalidArgumentError, ("countdown", level, [1.0, math.inf])),
        (InvalidArgumentError, ("countdown", level, [])),
        (InvalidArgumentTypeError, ("countdown", level, ["1"])),
        (InvalidArgumentTypeError, ("countdown", level, "11")),
        (InvalidArgumentTypeError, ("countdown", level, None)),
        (UnknownTaskError, ("countdwn", level, [1.0])),
        (UnknownTaskError, ("sudoku", level, [1.0])),  # registered, not in this curriculum
        (LevelError, ("countdown", 0, [1.0])),
        (LevelError, ("countdown", 11, [1.0])),
        (InvalidArgumentError, ("countdown", 9, [1.0])),  # beyond max_level
        (InvalidArgumentError, ("countdown", 1 << 70, [1.0])),
        (InvalidArgumentTypeError, ("countdown", 2.5, [1.0])),
        (InvalidArgumentTypeError, (3, level, [1.0])),
    ]
    for error, args in cases:
        with pytest.raises(error):
            curriculum.observe(*args)
    with pytest.raises(InvalidArgumentError):  # one bad group: nothing is recorded
        curriculum.observe_batch([("countdown", level, [1.0]), ("countdown", level, [math.nan])])
    with pytest.raises(InvalidArgumentTypeError):
        curriculum.observe_batch([("countdown", level)])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentTypeError):
        curriculum.observe_batch("countdown")  # type: ignore[arg-type]
    for n in (-1, 1 << 64, 2.0, (1 << 20) + 1):
        with pytest.raises(InvalidArgumentError):
            curriculum.draw(n)  # type: ignore[arg-type]
    assert curriculum.state_dict() == before


def test_hostile_settings_raise_typed_errors() -> None:
    bad: list[tuple[type[SynlogicError], Any, dict[str, Any]]] = [
        (InvalidArgumentError, TASKS, {"policy": "greedy"}),
        (InvalidArgumentError, TASKS, {"bogus": 1}),
        (InvalidArgumentError, TASKS, {"band_low": 0.9, "band_high": 0.1}),
        (InvalidArgumentError, TASKS, {"temperature": math.nan}),
        (InvalidArgumentError, TASKS, {"seed": -1}),
        (InvalidArgumentError, TASKS, {"seed": 1 << 64}),
        (InvalidArgumentError, TASKS, {"window": 0}),
        (InvalidArgumentError, TASKS, {"min_groups": 0}),
        (InvalidArgumentError, TASKS, {"history": object()}),
        (UnknownTaskError, ["countdown", "nope"], {}),
        (LevelError, [synlogic.MixEntry("countdown", level=11)], {}),
        (UnknownKnobError, [synlogic.MixEntry("countdown", knobs={"bogus": 1})], {}),
        (InvalidArgumentError, [], {}),
    ]
    for error, source, settings in bad:
        with pytest.raises(error):
            Curriculum(source, **settings)
    with pytest.raises(InvalidArgumentError):
        Curriculum.from_settings({"tasks": [{"task": "countdown"}, {"task": "countdown"}]})


def test_bad_state_dicts_raise_typed_errors() -> None:
    curriculum = Curriculum(TASKS, policy="bandit")
    run(curriculum, 3, 4)
    good = curriculum.state_dict()
    edits = [
        lambda s: s.update(format=2),
        lambda s: s.update(draws=-1),
        lambda s: s.update(draws="many"),
        lambda s: s.update(unknown=1),
        lambda s: s.pop("tasks"),
        lambda s: s["tasks"].pop(),
        lambda s: s["tasks"][0].update(window_low=11),
        lambda s: s["tasks"][0].update(task="knights_knaves"),
        lambda s: s["tasks"][0]["levels"].pop(),
        lambda s: s["tasks"][0]["levels"][0].update(passed=10**9),
        lambda s: s["settings"].update(learning_rate=7.0),
        lambda s: s["settings"]["tasks"][0].update(level=None),
    ]
    for i, edit in enumerate(edits):
        state = json.loads(json.dumps(good))
        edit(state)
        with pytest.raises(InvalidArgumentError):
            Curriculum.from_state_dict(state)
        with pytest.raises(InvalidArgumentError):
            curriculum.load_state_dict(state)
        assert curriculum.state_dict() == good, f"edit {i} changed the curriculum"
    nan_state = json.loads(json.dumps(good))
    nan_state["tasks"][0]["levels"][0]["signal_sum"] = math.nan
    for state in (nan_state, [], "state", None):
        with pytest.raises(InvalidArgumentError):
            curriculum.load_state_dict(state)  # type: ignore[arg-type]
    unknown = json.loads(json.dumps(good))
    unknown["settings"]["tasks"][0]["task"] = unknown["tasks"][0]["task"] = "nope"
    with pytest.raises(UnknownTaskError):
        Curriculum.from_state_dict(unknown)


def test_outcomes_group_canonically_whatever_the_split() -> None:
    records = [
        (0, 7, "countdown", 3, 1.0),
        (0, 2, "knights_knaves", 4, 0.0),
        (0, 7, "countdown", 3, 0.0),
        (0, 2, "knights_knaves", 4, 1.0),
    ]
    expected = [("knights_knaves", 4, [0.0, 1.0]), ("countdown", 3, [0.0, 1.0])]
    assert group_outcomes(records) == expected
    assert group_outcomes(reversed(records)) == expected


def test_every_rank_observes_the_same_gathered_groups() -> None:
    """Two ranks, each scoring half of the completions of the same two prompts (as TRL
    splits a generation batch), end in the same state as one process scoring all."""
    single = Curriculum(TASKS, seed=2)
    ranks = [Curriculum(TASKS, seed=2), Curriculum(TASKS, seed=2)]
    draws = single.draw(2)
    for r in ranks:
        assert r.draw(2) == draws
    # The global batch: each prompt repeated G = 4 times, scored 1, 0, 1, 1.
    rows = [(d, score) for d in draws for score in (1.0, 0.0, 1.0, 1.0)]
    halves = [rows[:3], rows[3:]]  # the split cuts through the first group

    def columns(part: list[tuple[Draw, float]]) -> tuple[list[Any], ...]:
        return tuple(
            list(c)
            for c in zip(*[(d.task, d.level, d.seed, d.index, s) for d, s in part], strict=True)
        )

    local = [columns(h) for h in halves]

    def gather(records: list[Any]) -> list[Any]:
        # What torch.distributed.all_gather_object returns to every rank, in rank order.
        return [rec for part in gathered_parts for rec in part]

    gathered_parts: list[list[Any]] = []
    for rank in (0, 1):  # each rank's records as its feed would send them
        task, level, seed, index, score = local[rank]
        gathered_parts.append(
            [
                (s, i, t, lv, sc)
                for t, lv, s, i, sc in zip(task, level, seed, index, score, strict=True)
            ]
        )
    for rank, curriculum in enumerate(ranks):
        reward = CurriculumReward(curriculum, lambda **kw: kw["scores"], gather=gather)
        task, level, seed, index, score = local[rank]
        assert reward(task=task, level=level, seed=seed, index=index, scores=score) == score
    CurriculumReward(single, lambda **kw: kw["scores"]).feed(*columns(rows))
    assert ranks[0].state_dict() == ranks[1].state_dict() == single.state_dict()
    assert single.report()["groups"] == 2


def _rank_main(rank: int, world: int, init_file: str, out_dir: str) -> None:
    """One rank of a real torch.distributed (gloo) group: scores its slice of the global
    batch through CurriculumReward, whose gather is all_gather_object, and saves its state."""
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world)
    try:
        curriculum = Curriculum(TASKS, seed=2)
        for step in range(3):
            draws = curriculum.draw(3)
            rows = [(d, float((d.index + g + step) % 3 == 0)) for d in draws for g in range(4)]
            share = len(rows) // world + 1
            mine = rows[rank * share : (rank + 1) * share]  # cuts through groups
            reward = CurriculumReward(curriculum, lambda **kw: kw["scores"])
            reward(
                task=[d.task for d, _ in mine],
                level=[d.level for d, _ in mine],
                seed=[d.seed for d, _ in mine],
                index=[d.index for d, _ in mine],
                scores=[score for _, score in mine],
            )
        Path(out_dir, f"rank{rank}.json").write_text(json.dumps(curriculum.state_dict()))
    finally:
        dist.destroy_process_group()


def test_ranks_of_a_real_process_group_stay_identical(tmp_path: Path) -> None:
    torch = require("torch")
    import torch.multiprocessing as mp

    if not torch.distributed.is_available():
        pytest.skip("torch.distributed is not available")
    world = 2
    mp.spawn(
        _rank_main, args=(world, str(tmp_path / "init"), str(tmp_path)), nprocs=world, join=True
    )
    states = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in range(world)]
    single = Curriculum(TASKS, seed=2)
    for step in range(3):
        draws = single.draw(3)
        rows = [(d, float((d.index + g + step) % 3 == 0)) for d in draws for g in range(4)]
        CurriculumReward(single, lambda **kw: kw["scores"]).feed(
            [d.task for d, _ in rows],
            [d.level for d, _ in rows],
            [d.seed for d, _ in rows],
            [d.index for d, _ in rows],
            [score for _, score in rows],
        )
    assert states[0] == states[1] == single.state_dict()
    assert single.report()["groups"] == 9


def test_the_reward_wrapper_needs_the_item_columns() -> None:
    reward = CurriculumReward(Curriculum(TASKS), lambda **kw: [1.0])
    with pytest.raises(InvalidArgumentError, match="task, level, seed and index"):
        reward(prompts=["p"], completions=["c"], verification=[""])
    with pytest.raises(InvalidArgumentTypeError):
        CurriculumReward("not a curriculum")  # type: ignore[arg-type]


# ---- TRL ----------------------------------------------------------------------------------


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location("trl_grpo_curriculum_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_trl_grpo_trainer_moves_the_levels_up_then_down(tmp_path: Path) -> None:
    """A real (short) GRPOTrainer run: all-right rewards raise the level, all-wrong lower it."""
    require("torch")
    require("trl")
    trace = _load_example().main(
        [
            "--tasks",
            "countdown",
            "--right-steps",
            "3",
            "--wrong-steps",
            "3",
            "--min-groups",
            "1",
            "--prompts-per-step",
            "2",
            "--output-dir",
            str(tmp_path),
        ]
    )
    levels = [entry["countdown"] for entry in trace]
    assert len(levels) == 6
    peak = levels.index(max(levels))
    assert max(levels) > 3, levels  # started at 3, went up
    assert levels[-1] < max(levels), levels  # and came down
    assert levels[: peak + 1] == sorted(levels[: peak + 1]), levels


def test_trl_callback_refuses_a_shuffled_stream() -> None:
    require("transformers")
    from types import SimpleNamespace

    from synlogic.curriculum import trl_callback

    callback = trl_callback(Curriculum(TASKS))
    with pytest.raises(InvalidArgumentError, match="shuffle_dataset=False"):
        callback.on_train_begin(SimpleNamespace(shuffle_dataset=True), None, None)


def test_trl_callback_saves_a_state_that_resumes_the_run(tmp_path: Path) -> None:
    require("transformers")
    from types import SimpleNamespace

    from synlogic.curriculum import STATE_FILE, trl_callback

    curriculum = Curriculum(TASKS, policy="bandit", seed=8)
    run(curriculum, 5, 6)
    callback = trl_callback(curriculum)
    args = SimpleNamespace(output_dir=str(tmp_path), shuffle_dataset=False)
    callback.on_train_begin(args, None, None)
    callback.on_step_end(args, SimpleNamespace(global_step=5), None)
    assert callback.levels_trace == [{"step": 5, **curriculum.levels()}]
    callback.on_save(args, SimpleNamespace(is_world_process_zero=True, global_step=5), None)
    resumed = Curriculum.load(tmp_path / "checkpoint-5" / STATE_FILE)
    assert run(resumed, 5, 6) == run(curriculum, 5, 6)


def test_trl_dataset_draws_when_read() -> None:
    require("datasets")
    from synlogic.curriculum import trl_dataset

    curriculum = Curriculum(TASKS, seed=4)
    stream = iter(trl_dataset(curriculum))
    first = next(stream)
    assert curriculum.state_dict()["draws"] == 1
    assert (first["seed"], first["index"]) == (4, 0)
    second = next(stream)
    assert second["index"] == 1
    assert second["verification"]


# ---- verl ---------------------------------------------------------------------------------


def _verl_config(items: int = 64) -> Any:
    from omegaconf import OmegaConf

    return OmegaConf.create(
        {
            "custom_cls": {"path": "pkg://synlogic.verl_curriculum", "name": "CurriculumDataset"},
            "curriculum": {
                "tasks": [
                    {"task": "countdown", "level": 3},
                    {"task": "knights_knaves", "level": 2},
                ],
                "policy": "band",
                "seed": 0,
                "min_groups": 2,
                "history": 2,
            },
            "curriculum_items": items,
            "prompt_key": "prompt",
        }
    )


def _verl_loader(config: Any) -> tuple[Any, Any]:
    """The dataset through verl's own create_rl_dataset, the loader as RayPPOTrainer builds it."""
    from synlogic.verl_curriculum import CurriculumSampler
    from torchdata.stateful_dataloader import StatefulDataLoader
    from verl.trainer.ppo.utils import create_rl_dataset
    from verl.utils.dataset.rl_dataset import collate_fn

    dataset = create_rl_dataset([], config, tokenizer=None, processor=None, max_samples=-1)
    sampler = CurriculumSampler(dataset, config)
    loader = StatefulDataLoader(
        dataset, batch_size=4, num_workers=0, drop_last=True, collate_fn=collate_fn, sampler=sampler
    )
    return loader, sampler


def _verl_step(batch_dict: dict[str, Any], right: bool) -> Any:
    """The batch as ``RayPPOTrainer.fit`` holds it after the rewards: n = 4 responses per
    prompt (interleaved), synlogic's ``acc`` per response."""
    import numpy as np
    from verl import DataProto

    batch = DataProto.from_single_dict(batch_dict).repeat(repeat_times=4, interleave=True)
    batch.non_tensor_batch["acc"] = np.full(len(batch), 1.0 if right else 0.0)
    return batch


def test_verl_sampler_moves_levels_and_resumes_through_its_dataloader_state() -> None:
    require("verl")
    require("torchdata")
    from synlogic.verl_curriculum import decode_key

    config = _verl_config()
    loader, sampler = _verl_loader(config)
    assert type(loader.dataset).__name__ == "CurriculumDataset"
    batches = iter(loader)
    for _ in range(3):
        batch = next(batches)
        assert set(batch["task"]) <= {"countdown", "knights_knaves"}
        sampler.update(_verl_step(batch, right=True))
    raised = sampler.curriculum.levels()
    assert raised["countdown"] > 3
    assert raised["knights_knaves"] > 2
    saved = loader.state_dict()

    def rest(batches: Any, sampler: Any) -> list[list[int]]:
        seen = []
        for _ in range(4):
            batch = next(batches)
            seen.append([int(i) for i in batch["index"]] + [int(v) for v in batch["level"]])
            sampler.update(_verl_step(batch, right=False))
        return seen

    uninterrupted = rest(batches, sampler)
    assert sampler.curriculum.levels()["countdown"] < raised["countdown"]
    resumed_loader, resumed_sampler = _verl_loader(config)
    resumed_loader.load_state_dict(saved)
    assert rest(iter(resumed_loader), resumed_sampler) == uninterrupted
    assert resumed_sampler.curriculum.state_dict() == sampler.curriculum.state_dict()
    index, position, level = decode_key(123 * 20 + 1 * 10 + 4, 2)
    assert (index, position, level) == (123, 1, 5)


def test_verl_dataset_rows_are_picklable_and_match_the_generator() -> None:
    require("verl")
    from synlogic.verl_curriculum import encode_key
    from verl.trainer.ppo.utils import create_rl_dataset

    dataset = create_rl_dataset([], _verl_config(), tokenizer=None, processor=None, max_samples=-1)
    clone = pickle.loads(pickle.dumps(dataset))
    key = encode_key(Draw("knights_knaves", 6, 0, 41), 2, 1)
    row = clone[key]
    expected = synlogic.generate("knights_knaves", 1, seed=0, start=41, level=6)[0]
    assert row["verification"] == expected["verification"]
    assert row["raw_prompt"] == expected["prompt"]
    assert row["index"] == 41


def test_verl_trainer_subclass_feeds_the_sampler_before_the_actor_update(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # verl's trainer module imports its rollout stack (ray, fastapi, uvicorn, cachetools) at
    # import time, which a minimal verl install lacks.
    ray_trainer = require("verl.trainer.ppo.ray_trainer")
    RayPPOTrainer = ray_trainer.RayPPOTrainer
    from types import SimpleNamespace

    from synlogic.verl_curriculum import CurriculumSampler, curriculum_trainer

    calls: list[str] = []
    monkeypatch.setattr(RayPPOTrainer, "_update_actor", lambda self, batch: calls.append("actor"))
    trainer_class = curriculum_trainer()
    assert issubclass(trainer_class, RayPPOTrainer)
    config = _verl_config()
    _, sampler = _verl_loader(config)
    monkeypatch.setattr(sampler, "update", lambda batch: calls.append("curriculum"))
    trainer = object.__new__(trainer_class)  # the method only, not a Ray cluster
    trainer.train_dataloader = SimpleNamespace(sampler=sampler)
    trainer._update_actor(None)
    assert calls == ["curriculum", "actor"]
    assert isinstance(sampler, CurriculumSampler)


# ---- the simulation -----------------------------------------------------------------------


def test_the_simulation_reports_every_policy_and_adaptive_ones_win(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "curriculum_sim.py"
    spec = importlib.util.spec_from_file_location("curriculum_sim", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.main(["--seeds", "2", "--json"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    results = json.loads(out)
    assert set(results) == {"static_default", "static_uniform", "band", "bandit"}
    for measures in results.values():
        for key in ("steps_to_target", "zero_variance_share", "in_band_share"):
            assert f"{key}_std" in measures
    for adaptive in ("band", "bandit"):
        for static in ("static_default", "static_uniform"):
            assert results[adaptive]["steps_to_target"] < results[static]["steps_to_target"]
            assert results[adaptive]["zero_variance_share"] < results[static]["zero_variance_share"]
