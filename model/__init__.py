"""Everything below the GUI: the network, data, checkpoints, training, evaluation and inference.

Nothing in this package imports Qt. Importing the package itself is cheap (no torch), so the
app can read labels and image helpers before torch has loaded.
"""
