"""How many held-out images the not-sure checks need before they are fitted at all (no numpy
here: the app reads it before its first image).

The detector's threshold holds the flagged share of the held-out images to a budget of about 9%
(``cifar10 fit-detector --flag-budget``): with n images that share has a standard error of
sqrt(0.09 × 0.91 / n), half the budget (4.5 points) at n = 40; below that the threshold is set
by two or three images. The temperature (``cifar10 eval --calibrate``), fitted on half of them,
would be fitted on under 20: a small set the network gets all right drives it to its lower
bound, which makes every answer more confident.
"""

MIN_FIT_IMAGES = 40
