"""Classifying images with a trained checkpoint: the classifier, the engines that run its fused
network (ONNX Runtime or torch), how much to trust an answer (calibrated probabilities and the
not-sure rule) and where the network looked (Grad-CAM)."""
