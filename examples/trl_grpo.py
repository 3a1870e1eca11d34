"""GRPO with TRL on synlogic tasks, end to end, on CPU, with nothing downloaded.

The model is a tiny randomly initialized Qwen2 built from a config and the tokenizer a
byte-level BPE trained here on the prompts, so this runs offline in a minute or two. With a
real model, replace ``tiny_model_and_tokenizer()`` by ``AutoModelForCausalLM.from_pretrained``
and ``AutoTokenizer.from_pretrained``; everything synlogic-related stays the same.

    pip install 'synlogic[trl]' torch
    python examples/trl_grpo.py --steps 3

What it shows:
* ``synlogic.to_dataset`` builds a ``datasets.Dataset`` of a weighted task mix (chat prompts
  plus the ``verification`` column every reward function needs);
* ``synlogic.trl_reward_funcs`` returns TRL reward functions and their weights;
* ``GRPOTrainer`` runs a few steps and logs each reward component;
* ``--stream`` trains on an unbounded ``datasets.IterableDataset`` instead.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

import synlogic

CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}<|end|>"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def tiny_model_and_tokenizer(corpus: list[str]) -> tuple[Any, Any]:
    """A 2-layer Qwen2 with random weights and a byte-level BPE trained on ``corpus``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    specials = ["<|pad|>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=512,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    bpe.train_from_iterator(corpus, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, pad_token="<|pad|>", eos_token="<|end|>"
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    config = Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=True,
    )
    return Qwen2ForCausalLM(config), tokenizer


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Runs GRPO for ``--steps`` steps; returns the last logged metrics."""
    from trl import GRPOConfig, GRPOTrainer

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--rows", type=int, default=64)
    parser.add_argument("--output-dir", default="/tmp/synlogic-trl-grpo")
    parser.add_argument(
        "--stream", action="store_true", help="train on an unbounded IterableDataset"
    )
    args = parser.parse_args(argv)

    tasks = synlogic.list_tasks()
    mix = synlogic.Mix([synlogic.MixEntry(task, weight=1.0, level=1) for task in tasks])
    dataset = synlogic.to_dataset(mix, args.rows, seed=0)
    model, tokenizer = tiny_model_and_tokenizer([row[0]["content"] for row in dataset["prompt"]])
    if args.stream:  # the same rows, streamed (identical on every rank for the seed)
        dataset = synlogic.to_iterable_dataset(mix, seed=0)

    reward_funcs, reward_weights = synlogic.trl_reward_funcs(
        correctness=1.0, partial=0.5, format=0.2
    )
    config = GRPOConfig(
        output_dir=args.output_dir,
        max_steps=args.steps,
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=24,
        learning_rate=1e-4,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        bf16=False,
        seed=0,
        reward_weights=reward_weights,
    )
    trainer = GRPOTrainer(
        model=model,
        reward_funcs=reward_funcs,
        args=config,
        train_dataset=dataset,
        processing_class=tokenizer,
    )
    trainer.train()
    logs = [entry for entry in trainer.state.log_history if "loss" in entry]
    for entry in logs:
        shown = {k: round(v, 4) for k, v in entry.items() if isinstance(v, float)}
        print({"step": entry.get("step"), **shown})
    last = logs[-1]
    for func in reward_funcs:
        key = f"rewards/{func.__name__}/mean"
        if key not in last or math.isnan(last[key]):
            raise RuntimeError(f"TRL logged no value for {key}")
    return last


if __name__ == "__main__":
    main()
