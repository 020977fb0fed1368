"""The views that look inside the network: Model > Architecture, View > Feature Maps and Help >
Why Residual Connections?

They draw what the app state and the worker give them and are built when first opened (none of
their modules is start-up work). The feature-map window follows the image on screen: the
window tells this controller which history entry it shows, and the maps of that entry are
taken from the state's cache or asked of the worker (only the newest request is computed, so
stepping through a batch never queues old work).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PyQt5.QtCore import QObject
from PyQt5.QtWidgets import QWidget

from app.i18n import translate as _translate
from app.job_requests import JobRequests
from app.jobs import DescribeArchitecture
from app.state import AppState
from model.files.paths import degradation_experiment

if TYPE_CHECKING:
    from app.architecture_view import ArchitectureDialog
    from app.feature_view import FeatureMapsDialog
    from app.residuals_view import ResidualsDialog


class InsideViews(QObject):
    def __init__(self, parent: QWidget, state: AppState,
                 current: Callable[[], int | None]) -> None:
        super().__init__(parent)
        self._parent, self._state, self._current = parent, state, current
        self.architecture: ArchitectureDialog | None = None
        self.features: FeatureMapsDialog | None = None
        self.residuals: ResidualsDialog | None = None
        self._describe = JobRequests(state.host, self)
        self._describe.returned.connect(self._on_architecture)
        self._describe.errored.connect(self._on_architecture_failed)
        state.feature_maps.ready.connect(self._on_maps_ready)
        state.feature_maps.failed.connect(self._on_maps_failed)
        state.model_changed.connect(self._on_model_changed)

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {"architecture": self.show_architecture, "feature_maps": self.show_feature_maps,
                "why_residuals": self.show_residuals}

    # ---- Model > Architecture

    def show_architecture(self) -> ArchitectureDialog:
        if self.architecture is None:
            from app.architecture_view import ArchitectureDialog

            self.architecture = ArchitectureDialog(self._parent)
        self._ask_architecture()
        self.architecture.show()
        self.architecture.raise_()
        return self.architecture

    def _ask_architecture(self) -> None:
        if self._state.summary is None:
            self.architecture.set_message(_translate(
                "Architecture", "No model is loaded. Use Model › Open Checkpoint… to choose one."))
            return
        self.architecture.set_summary(None)
        self._describe.forget_all()
        self._describe.submit(DescribeArchitecture(), self._state.summary.path)

    def _on_architecture(self, _path: str, summary: object) -> None:
        if self.architecture is not None:
            self.architecture.set_summary(summary)

    def _on_architecture_failed(self, _path: str, message: str) -> None:
        if self.architecture is not None:
            self.architecture.set_message(message)

    # ---- View > Feature Maps

    def show_feature_maps(self) -> FeatureMapsDialog:
        if self.features is None:
            from app.feature_view import FeatureMapsDialog

            self.features = FeatureMapsDialog(self._parent)
        self.features.show()
        self.features.raise_()
        self.entry_shown(self._current())
        return self.features

    def entry_shown(self, index: int | None) -> None:
        """The window now shows entry ``index`` (None: nothing)."""
        view = self.features
        if view is None or not view.isVisible():
            return  # nothing is computed for a closed window
        entries = self._state.entries
        if index is None or not entries[index].ok:
            view.show_empty()
            return
        cached = self._state.feature_maps.get(index)
        if cached is not None:
            view.show_maps(cached)
        else:
            view.show_computing()
            self._state.feature_maps.request(index, entries[index])

    def _on_maps_ready(self, index: int) -> None:
        if index == self._current():
            self.entry_shown(index)

    def _on_maps_failed(self, error: str) -> None:
        if self.features is not None and self.features.isVisible():
            self.features.show_failed(error)

    # ---- Help > Why Residual Connections?

    def show_residuals(self) -> ResidualsDialog:
        if self.residuals is None:
            from app.residuals_view import ResidualsDialog

            self.residuals = ResidualsDialog(degradation_experiment(), self._parent)
        self.residuals.show()
        self.residuals.raise_()
        return self.residuals

    def _on_model_changed(self, _summary: object) -> None:
        # The caches were cleared with the old model: draw the new model's view of the entry.
        self.entry_shown(self._current())
        if self.architecture is not None and self.architecture.isVisible():
            self._ask_architecture()
