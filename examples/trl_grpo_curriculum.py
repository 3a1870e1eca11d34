"""GRPO with TRL and an adaptive synlogic curriculum in the loop, on CPU, nothing downloaded.

    python examples/trl_grpo_curriculum.py --right-steps 8 --wrong-steps 8

The model is the tiny random Qwen2 of ``examples/trl_grpo.py``. It cannot solve anything,
so to show the controller at work the rewards score *forced* completions on a schedule:
for the first ``--right-steps`` steps every completion is the item's own answer (verified
by synlogic: all correct), then every completion is an empty answer (all wrong). The
band policy raises each task's level while the pass rate is above the band and lowers it
once it falls below; the levels trace (one entry per logged step) is printed and returned.
TRL itself runs for real: generation, the reward call with the dataset's columns, the
gather, advantages and the optimizer step.

With a real model, drop ``forced_scores`` and pass ``CurriculumReward(curriculum)``
(synlogic's correctness reward on the model's completions).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import synlogic
from synlogic.curriculum import CurriculumReward, trl_callback, trl_dataset


def _tiny_model_and_tokenizer(corpus: list[str]) -> tuple[Any, Any]:
    """The model of examples/trl_grpo.py (loaded from the file beside this one)."""
    path = Path(__file__).resolve().with_name("trl_grpo.py")
    spec = importlib.util.spec_from_file_location("synlogic_trl_grpo_example", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.tiny_model_and_tokenizer(corpus)  # type: ignore[no-any-return]


def forced_scores(right_steps: int) -> Any:
    """A reward function scoring forced completions: the item's answer before step
    ``right_steps``, an empty answer from then on (both verified by synlogic)."""

    def forced(
        completions: list[Any],
        answer: list[str],
        verification: list[str],
        trainer_state: Any,
        **kwargs: Any,
    ) -> list[float]:
        right = trainer_state.global_step < right_steps
        texts = [f"<answer>{a}</answer>" if right else "<answer></answer>" for a in answer]
        return synlogic.score_batch(verification, texts)

    forced.__name__ = "forced_correctness"
    return forced


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    """Runs GRPO with the curriculum; returns the levels trace (a dict per step)."""
    from trl import GRPOConfig, GRPOTrainer

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="countdown,knights_knaves")
    parser.add_argument("--start-level", type=int, default=3)
    parser.add_argument("--right-steps", type=int, default=8)
    parser.add_argument("--wrong-steps", type=int, default=8)
    parser.add_argument("--prompts-per-step", type=int, default=4)
    parser.add_argument("--min-groups", type=int, default=2)
    parser.add_argument("--output-dir", default="/tmp/synlogic-trl-grpo-curriculum")
    args = parser.parse_args(argv)

    tasks = args.tasks.split(",")
    curriculum = synlogic.Curriculum(
        synlogic.Mix([synlogic.MixEntry(t, level=args.start_level) for t in tasks]),
        policy="band",
        seed=0,
        min_groups=args.min_groups,
        history=args.min_groups,
    )
    corpus = [
        row["prompt"][0]["content"]
        for task in tasks
        for level in range(1, 11)
        for row in synlogic.generate(task, 2, level=level, seed=99)
    ]
    model, tokenizer = _tiny_model_and_tokenizer(corpus)
    generations = 4
    config = GRPOConfig(
        output_dir=args.output_dir,
        max_steps=args.right_steps + args.wrong_steps,
        per_device_train_batch_size=args.prompts_per_step * generations,
        num_generations=generations,
        max_completion_length=8,
        learning_rate=1e-4,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        bf16=False,
        seed=0,
        shuffle_dataset=False,  # a shuffle buffer would draw rows far ahead of the outcomes
    )
    callback = trl_callback(curriculum)
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=[CurriculumReward(curriculum, forced_scores(args.right_steps))],
        args=config,
        train_dataset=trl_dataset(curriculum),
        processing_class=tokenizer,
        callbacks=[callback],
    )
    trainer.train()
    # The levels after each step (the callback's trace); TRL also logged them per step
    # as curriculum/<task>/level through the reward's log_metric.
    trace: list[dict[str, Any]] = callback.levels_trace
    for entry in trace:
        print(entry)
    return trace


if __name__ == "__main__":
    main()
