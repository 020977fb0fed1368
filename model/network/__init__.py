"""The network: ResNet-18 itself, the normalised input it takes and the device it runs on."""
