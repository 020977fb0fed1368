"""CIFAR-10's class names and the normalisation its networks conventionally use."""

from __future__ import annotations

# Order of the official batches (batches.meta) and of torchvision.datasets.CIFAR10.
CIFAR10_CLASSES: tuple[str, ...] = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)

# Per-channel mean/std of the CIFAR-10 training images (the values used by kuangliu/pytorch-cifar
# and most CIFAR code); training replaces them with statistics computed from its own data.
CIFAR10_MEAN: tuple[float, float, float] = (0.4914, 0.4822, 0.4465)
CIFAR10_STD: tuple[float, float, float] = (0.2470, 0.2435, 0.2616)


def default_class_names(num_classes: int) -> list[str]:
    """CIFAR-10's names for a 10-class head; neutral names otherwise."""
    if num_classes == len(CIFAR10_CLASSES):
        return list(CIFAR10_CLASSES)
    return [f"class {i}" for i in range(num_classes)]
