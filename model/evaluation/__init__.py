"""Evaluating a trained network: its predictions on a split, the figures ``cifar10 eval``
reports, temperature scaling and the not-sure rule's thresholds fitted on held-out data, the
plots (learning curves, confusion matrix) and accuracies as text (formatting.py, which the app
uses too)."""
