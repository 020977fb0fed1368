"""Every modal interaction of the window, behind one object tests replace.

A modal dialog runs its own event loop and would hang a headless test; the window therefore
never calls QMessageBox or QFileDialog itself but goes through a :class:`Dialogs`.
"""

from __future__ import annotations

from PyQt5.QtWidgets import QFileDialog, QMessageBox, QWidget

IMAGE_FILTER = ("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.ppm *.pgm);;"
                "All files (*)")
CHECKPOINT_FILTER = "Checkpoints (*.safetensors *.pt *.pth);;All files (*)"
CSV_FILTER = "CSV files (*.csv)"


class Dialogs:
    """The real, modal dialogs."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def about(self, parent: QWidget | None, title: str, html: str) -> None:
        QMessageBox.about(parent, title, html)

    def open_images(self, parent: QWidget | None, folder: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(parent, "Open Images", folder, IMAGE_FILTER)
        return files

    def open_folder(self, parent: QWidget | None, folder: str) -> str:
        return QFileDialog.getExistingDirectory(parent, "Open Folder", folder)

    def open_checkpoint(self, parent: QWidget | None, folder: str) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, "Open Checkpoint", folder,
                                              CHECKPOINT_FILTER)
        return path

    def save_csv(self, parent: QWidget | None, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, "Export Results as CSV", suggested,
                                              CSV_FILTER)
        return path
