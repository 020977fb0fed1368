"""Files bundled with the app: the trained checkpoint, sample images, icon and desktop entry.

Installed as the package ``cifar10_resources`` (see ``pyproject.toml``); code finds these files
through :mod:`model.files.paths`, never by a path of its own.
"""
