"""The ``cifar10`` command: the entry point and parser (main.py), one module per subcommand
(classify.py, train.py, eval.py) and the help text train and eval share (options.py)."""
