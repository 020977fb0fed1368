"""The desktop app: a PyQt5 window around :class:`model.inference.classifier.Classifier`.

Nothing here imports torch at import time: the window must be on screen before torch has loaded
(it takes seconds). The :mod:`app.worker` thread imports the model side when it first runs.
"""

APP_NAME = "cifar10-gui"
APP_DISPLAY_NAME = "CIFAR-10 Classifier"
ORGANIZATION = "cifar10-resnet"
