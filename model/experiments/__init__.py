"""Experiments that show how the network works: ``cifar10 experiment NAME``."""
