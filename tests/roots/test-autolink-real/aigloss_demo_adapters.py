"""Helpers that attach adapters to a model."""


def attach(model, rank=8):
    """Attach LoRA adapters to every attention layer of ``model``.

    The adapters are small, so Supervised Fine-Tuning
    of a large model fits on one GPU.

    .. rubric:: References

    Hu et al., LoRA: Low-Rank Adaptation of Large Language Models, 2021.
    """
