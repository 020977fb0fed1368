"""The network: ResNet-18 itself and the device it runs on."""
