"""Loads synlogic's OpenRLHF reward file by path, as OpenRLHF 0.11 does, and calls it."""

from __future__ import annotations

import importlib.util
import subprocess

import synlogic


def main() -> None:
    """Scores one right and one wrong response to a generated item."""
    path = subprocess.run(
        ["synlogic", "openrlhf-path"], check=True, capture_output=True, text=True
    ).stdout.strip()
    spec = importlib.util.spec_from_file_location("reward_func", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    row = synlogic.generate(synlogic.list_tasks()[0], 1)[0]
    prompt = f"<|im_start|>user\n{row['prompt'][0]['content']}<|im_end|>\n<|im_start|>assistant\n"
    right = prompt + f"<think>...</think>\n<answer>{row['answer']}</answer><|im_end|>"
    wrong = prompt + "<think>...</think>\n<answer>no idea</answer><|im_end|>"
    out = module.reward_func([right, wrong], [prompt, prompt], [row["verification"]] * 2)
    print(out)


if __name__ == "__main__":
    main()
