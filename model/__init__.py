"""Everything below the GUI: the network, data, checkpoints, training, evaluation and inference.

- ``network/``: ResNet-18, the normalised input it takes, the device it runs on
- ``data/``: data sets (CIFAR-10 batches, image folders), image decoding, class names
- ``checkpoints/``: our safetensors format, other tools' state dicts, metadata checks
- ``training/``: configuration, set-up, augmentation, the epoch loop, resume state, torchrun
- ``evaluation/``: predictions on a split, metrics, calibration, plots, accuracies as text
- ``inference/``: the classifier, its engines, the not-sure rule, Grad-CAM
- ``cli/``: the ``cifar10`` command, one module per subcommand
- ``files/``: where the bundled files are, atomic writes, spreadsheet-safe CSV cells

Nothing in this package imports Qt. Importing the package itself is cheap (no torch), so the
app can read labels and image helpers before torch has loaded. The subpackages re-export
nothing: import from the module that defines a name.
"""
