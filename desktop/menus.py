"""The main window's menus and shortcuts (File, Edit, View, Help), kept apart from the
window's behaviour so each stays readable."""
from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence


def _action(window, menu, text: str, slot, shortcuts=(),  # type: ignore[no-untyped-def]
            checkable: bool = False) -> QAction:
    act = QAction(text, window)
    if shortcuts:
        act.setShortcuts([QKeySequence(s) for s in shortcuts])
    act.setCheckable(checkable)
    act.triggered.connect(slot)
    menu.addAction(act)
    window.addAction(act)  # shortcuts work in full screen too (menu bar hidden)
    return act


def build_menus(self) -> None:  # type: ignore[no-untyped-def]  # noqa: PLR0915
    """Menus of `self` (the main window); every action also works in full screen."""
    bar = self.menuBar()
    m = bar.addMenu("&File")
    self.act_import = _action(self, m, "&Import files…", self.import_files_dialog, ["Ctrl+O"])
    _action(self, m, "Import &folder…", self.import_folder_dialog, ["Ctrl+Shift+O"])
    m.addSeparator()
    _action(self, m, "&Export library…", lambda: self.care.export_dialog())
    _action(self, m, "&Rebuild search index", self.rebuild_index)
    m.addSeparator()
    _action(self, m, "&Quit", self.close, [QKeySequence.Quit])
    m = bar.addMenu("&Edit")
    _action(self, m, "&Find…", self.find_or_focus_search, ["Ctrl+F"])
    _action(self, m, "Search the library", self.focus_search, ["Ctrl+K"])
    _action(self, m, "Next match", lambda: self.article._next_any(), ["F3"])
    _action(self, m, "Previous match", lambda: self.article._prev_any(), ["Shift+F3"])
    m = bar.addMenu("&Article")
    _action(self, m, "&Compare with…", lambda: self.entity_actions.compare_with(),
            ["Ctrl+Shift+C"])
    m = bar.addMenu("&View")
    _action(self, m, "Zoom &in", lambda: self.zoom(+1), ["Ctrl+=", "Ctrl++"])
    _action(self, m, "Zoom &out", lambda: self.zoom(-1), ["Ctrl+-"])
    _action(self, m, "&Reset zoom", lambda: self.zoom(0), ["Ctrl+0"])
    m.addSeparator()
    themes = m.addMenu("&Theme")
    group = QActionGroup(self)
    for mode, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
        act = _action(self, themes, label, lambda _=False, md=mode: self.set_theme(md),
                      checkable=True)
        act.setChecked(self.settings.theme == mode)
        group.addAction(act)
    urdu = m.addMenu("&Urdu font")
    group = QActionGroup(self)
    for style, label in (("nastaliq", "Nastaliq (Noto Nastaliq Urdu)"),
                         ("naskh", "Naskh (Noto Naskh Arabic)")):
        act = _action(self, urdu, label, lambda _=False, st=style: self.set_urdu_style(st),
                      checkable=True)
        act.setChecked(self.settings.urdu_style == style)
        group.addAction(act)
    self.act_width = _action(self, m, "Limit reading &width", self._toggle_width,
                             checkable=True)
    self.act_width.setChecked(self.settings.reading_width > 0)
    m.addSeparator()
    _action(self, m, "&Full screen", self.toggle_full_screen, ["F11"])
    m = bar.addMenu("&Help")
    _action(self, m, "&Check library…", lambda: self.care.check())
    _action(self, m, "&About Akhbar", self.show_about)
