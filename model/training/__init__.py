"""Training a ResNet-18: the run's configuration, the pieces built from it (device, data splits,
model, optimiser, schedule), the whole-tensor augmentation, the epoch loop, what a run saves and
resumes from, and running under ``torchrun``."""
