"""The ``cifar10`` command: its entry point and parser (main.py), one module per subcommand."""
