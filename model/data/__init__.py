"""What the network reads: data sets (CIFAR-10 batches, image folders), decoded images, labels.

numpy and Pillow, never torch at import (only ``--download`` asks torchvision for the data
set): the app's worker decodes images before torch has loaded.
"""
