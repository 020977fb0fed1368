"""Every modal interaction of the window, behind one object tests replace.

A modal dialog runs its own event loop and would hang a headless test; the window therefore
never calls QMessageBox or QFileDialog itself but goes through a :class:`Dialogs`.
"""

from __future__ import annotations

from PyQt5.QtCore import QCoreApplication, Qt
from PyQt5.QtWidgets import QFileDialog, QMessageBox, QWidget

IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.ppm *.pgm"


class Dialogs:
    """The real, modal dialogs."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        # Plain text: the message quotes file and class names (see app.plain_text).
        box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Ok, parent)
        box.setTextFormat(Qt.PlainText)
        box.exec_()

    def ask(self, parent: QWidget | None, title: str, text: str, buttons: list[str],
            escape: int) -> int:
        """The index of the button the user chose; ``escape`` when the box is closed."""
        box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
        box.setTextFormat(Qt.PlainText)
        made = [box.addButton(b, QMessageBox.RejectRole if i == escape else
                              QMessageBox.AcceptRole) for i, b in enumerate(buttons)]
        box.setDefaultButton(made[0])
        box.setEscapeButton(made[escape])
        box.exec_()
        clicked = box.clickedButton()
        return made.index(clicked) if clicked in made else escape

    def about(self, parent: QWidget | None, title: str, html: str) -> None:
        QMessageBox.about(parent, title, html)

    def open_images(self, parent: QWidget | None, folder: str) -> list[str]:
        filters = (QCoreApplication.translate("Dialogs", "Images ({patterns})")
                   .format(patterns=IMAGE_PATTERNS)
                   + ";;" + QCoreApplication.translate("Dialogs", "All files (*)"))
        files, _ = QFileDialog.getOpenFileNames(
            parent, QCoreApplication.translate("Dialogs", "Open Images"), folder, filters)
        return files

    def open_folder(self, parent: QWidget | None, folder: str) -> str:
        return QFileDialog.getExistingDirectory(
            parent, QCoreApplication.translate("Dialogs", "Open Folder"), folder)

    def open_checkpoint(self, parent: QWidget | None, folder: str) -> str:
        filters = (QCoreApplication.translate("Dialogs", "Checkpoints ({patterns})")
                   .format(patterns="*.safetensors *.pt *.pth *.ckpt")
                   + ";;" + QCoreApplication.translate("Dialogs", "All files (*)"))
        path, _ = QFileDialog.getOpenFileName(
            parent, QCoreApplication.translate("Dialogs", "Open Checkpoint"), folder, filters)
        return path

    def save_csv(self, parent: QWidget | None, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("Dialogs", "Export Results as CSV"), suggested,
            QCoreApplication.translate("Dialogs", "CSV files (*.csv)"))
        return path
