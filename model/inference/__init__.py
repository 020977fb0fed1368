"""Classifying images with a trained checkpoint: the classifier, how much to trust its answer
(calibration and the not-sure rule) and where it looked (Grad-CAM)."""
