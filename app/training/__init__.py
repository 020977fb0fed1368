"""File > New Model from Folders: fine-tune the bundled network on the user's class folders in
a child process, and show its progress and results."""
