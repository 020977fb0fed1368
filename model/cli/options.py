"""Help text of the options ``cifar10 train`` and ``cifar10 eval`` share."""

DATA_HELP = ("official cifar-10-batches-py folder (or its parent), or an image-folder tree "
             "root/{train,test}/<class>/*")
DEVICE_HELP = "auto (CUDA if present, else CPU), cpu, cuda or cuda:N"
