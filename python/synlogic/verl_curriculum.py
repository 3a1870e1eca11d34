"""verl: a curriculum sampler over a dataset whose items are generated on demand.

Configuration (``data.*`` keys of verl's PPO config)::

    data.custom_cls.path=pkg://synlogic.verl_curriculum
    data.custom_cls.name=CurriculumDataset
    +data.curriculum='{tasks: [{task: countdown}, {task: zebra, level: 2}], policy: band, seed: 0}'
    +data.curriculum_items=65536        # sampler length (items per epoch), default 2**20
    +data.curriculum_score_key=acc      # default: "acc", else the summed token_level_scores
    data.dataloader_num_workers=0       # optional: workers only prefetch (decisions lag)

verl builds the dataset with its own ``create_rl_dataset`` (``data.custom_cls``); the
sampler is :class:`CurriculumSampler` with the ``(data_source, data_config)`` constructor
and ``update(batch)`` method of verl's former ``AbstractCurriculumSampler``, and the state
methods torchdata's ``StatefulDataLoader`` checkpoints in ``data.pt``. verl 0.9.1 has
neither that abstract class nor the ``data.sampler.class_path`` key (its
``create_rl_sampler`` builds only a random or sequential sampler, and ``fit`` calls no
sampler), so :func:`curriculum_trainer` returns a ``RayPPOTrainer`` subclass that builds
the sampler from the config and feeds it each batch, with its rewards, right before the
actor update. Where the older layout exists, ``data.sampler.class_path=pkg://
synlogic.verl_curriculum`` and ``data.sampler.class_name=CurriculumSampler`` select it.

The sampler is the only holder of the curriculum (it runs in the driver process); a
sampler index encodes ``(index, task, level)`` and the dataset decodes and generates it, so
DataLoader workers need no state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from synlogic._api import generate
from synlogic.curriculum import Curriculum, CurriculumReward, Draw
from synlogic.exceptions import InvalidArgumentError

__all__ = [
    "CurriculumDataset",  # noqa: F822 (built on first access: see __getattr__)
    "CurriculumSampler",
    "curriculum_trainer",
    "decode_key",
    "encode_key",
]

LEVEL_SLOTS = 10
DEFAULT_ITEMS = 1 << 20


def _plain(value: Any) -> Any:
    """An OmegaConf node (or anything mapping-like) as plain Python data."""
    try:
        from omegaconf import DictConfig, ListConfig, OmegaConf

        if isinstance(value, (DictConfig, ListConfig)):
            return OmegaConf.to_container(value, resolve=True)
    except ImportError:
        pass
    return value


def _settings(data_config: Any) -> dict[str, Any]:
    settings = _plain(data_config.get("curriculum")) if data_config is not None else None
    if not isinstance(settings, Mapping):
        raise InvalidArgumentError(
            "data.curriculum must hold the curriculum settings (tasks, policy, seed, ...)"
        )
    return dict(settings)


def encode_key(draw: Draw, task_count: int, position: int) -> int:
    """The sampler index of a drawn item: its index, task position and level in one int."""
    return (draw.index * task_count + position) * LEVEL_SLOTS + (draw.level - 1)


def decode_key(key: int, task_count: int) -> tuple[int, int, int]:
    """``(index, task position, level)`` of a sampler index."""
    rest, level_slot = divmod(int(key), LEVEL_SLOTS)
    index, position = divmod(rest, task_count)
    return index, position, level_slot + 1


class _Draws:
    """The sampler's iterator: draws one item per ``next`` (stateful for torchdata)."""

    def __init__(self, sampler: CurriculumSampler, remaining: int) -> None:
        self.sampler = sampler
        self.remaining = remaining

    def __iter__(self) -> _Draws:
        return self

    def __next__(self) -> int:
        if self.remaining <= 0:
            raise StopIteration
        self.remaining -= 1
        return self.sampler._next_key()

    def state_dict(self) -> dict[str, Any]:
        return {"remaining": self.remaining, **self.sampler.state_dict()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.sampler.load_state_dict(state)
        self.remaining = int(state["remaining"])


class CurriculumSampler:
    """A ``torch.utils.data.Sampler`` of on-demand items decided by a curriculum.

    ``update(batch)`` takes verl's ``DataProto`` after the rewards are in: the rows'
    ``task``, ``level``, ``seed`` and ``index`` columns identify the items, the score of
    each response is ``non_tensor_batch[data.curriculum_score_key]`` (synlogic's reward
    functions report ``acc``) or else the sum of its ``token_level_scores``; the n
    responses of a prompt form its group.
    """

    def __init__(self, data_source: Any, data_config: Any) -> None:
        settings = _settings(data_config)
        self.curriculum = Curriculum.from_settings(settings)
        self.length = int(data_config.get("curriculum_items", DEFAULT_ITEMS) or DEFAULT_ITEMS)
        self.score_key = str(data_config.get("curriculum_score_key", "acc") or "acc")
        self._positions = {task: i for i, task in enumerate(self.curriculum.tasks)}
        self._feed = CurriculumReward(self.curriculum, lambda **_: [], gather=lambda r: r)

    def _next_key(self) -> int:
        draw = self.curriculum.draw(1)[0]
        return encode_key(draw, len(self._positions), self._positions[draw.task])

    def __iter__(self) -> Iterator[int]:
        return _Draws(self, self.length)

    def __len__(self) -> int:
        return self.length

    def update(self, batch: Any) -> None:
        """Observes the groups of a batch with rewards (verl's ``DataProto``)."""
        rows = batch.non_tensor_batch
        if self.score_key in rows:
            scores = [float(s) for s in rows[self.score_key]]
        else:
            scores = batch.batch["token_level_scores"].sum(dim=-1).tolist()
        self._feed.feed(rows["task"], rows["level"], rows["seed"], rows["index"], scores)

    def state_dict(self) -> dict[str, Any]:
        """The curriculum's state (what torchdata saves in verl's ``data.pt``)."""
        return {"curriculum": self.curriculum.state_dict()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continues from :meth:`state_dict`."""
        self.curriculum.load_state_dict(state["curriculum"])


class _OnDemandRows:
    """The dataset's rows: sampler indices decoded and generated when read."""

    def __init__(self, settings: Mapping[str, Any], length: int, system_prompt: Any) -> None:
        checked = Curriculum.from_settings(settings).settings
        self.tasks = [t["task"] for t in checked["tasks"]]
        self.knobs = [t.get("knobs") for t in checked["tasks"]]
        self.seed = int(checked["seed"])
        self.length = length
        self.system_prompt = system_prompt

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: int) -> dict[str, Any]:
        index, position, level = decode_key(key, len(self.tasks))
        if position >= len(self.tasks):
            raise InvalidArgumentError(f"sampler index {key} names no task")
        return generate(
            self.tasks[position],
            1,
            seed=self.seed,
            start=index,
            level=level,
            knobs=self.knobs[position],
            system_prompt=self.system_prompt,
        )[0]


def _dataset_class() -> type:
    from verl.utils.dataset.rl_dataset import RLHFDataset

    class CurriculumDataset(RLHFDataset):  # type: ignore[misc]
        """verl's ``RLHFDataset`` over rows generated on demand from sampler indices
        (``data.custom_cls``); no data files are read."""

        def __init__(
            self,
            data_files: Any = None,
            tokenizer: Any = None,
            processor: Any = None,
            config: Any = None,
            max_samples: int = -1,
        ) -> None:
            # RLHFDataset.__init__ reads parquet files; set only what __getitem__ reads.
            self.tokenizer = tokenizer
            self.processor = processor
            self.config = config
            self.data_files = data_files
            self.max_samples = max_samples
            self.prompt_key = config.get("prompt_key", "prompt")
            self.image_key = config.get("image_key", "images")
            self.video_key = config.get("video_key", "videos")
            self.audio_key = config.get("audio_key", "audios")
            self.need_tools_kwargs = config.get("need_tools_kwargs", False)
            self.return_raw_chat = config.get("return_raw_chat", False)
            # The rows are generated, not loaded: a pickled copy (a worker's) keeps them.
            self.serialize_dataset = True
            length = int(config.get("curriculum_items", DEFAULT_ITEMS) or DEFAULT_ITEMS)
            self.dataframe = _OnDemandRows(
                _settings(config), length, config.get("curriculum_system_prompt")
            )

    # Named as the module attribute it is served as, so instances pickle by reference.
    CurriculumDataset.__qualname__ = "CurriculumDataset"
    CurriculumDataset.__module__ = __name__
    return CurriculumDataset


def curriculum_trainer(base: type | None = None) -> type:
    """A subclass of verl's ``RayPPOTrainer`` (or of ``base``) that builds a
    :class:`CurriculumSampler` from ``config.data`` when no ``train_sampler`` is given,
    and calls its ``update(batch)`` with every batch, rewards included, before the actor
    update (where verl <= 0.5 called ``AbstractCurriculumSampler.update``)."""
    if base is None:
        from verl.trainer.ppo.ray_trainer import RayPPOTrainer as base

    class CurriculumPPOTrainer(base):  # type: ignore[misc,valid-type]
        """verl's PPO trainer with a synlogic curriculum in the loop."""

        def _create_dataloader(
            self, train_dataset: Any, val_dataset: Any, collate_fn: Any, train_sampler: Any
        ) -> Any:
            if train_sampler is None:
                train_sampler = CurriculumSampler(train_dataset, self.config.data)
            return super()._create_dataloader(train_dataset, val_dataset, collate_fn, train_sampler)

        def _update_actor(self, batch: Any) -> Any:
            sampler = getattr(self.train_dataloader, "sampler", None)
            if isinstance(sampler, CurriculumSampler):
                sampler.update(batch)
            return super()._update_actor(batch)

    return CurriculumPPOTrainer


def __getattr__(name: str) -> Any:
    if name == "CurriculumDataset":
        cls = _dataset_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
