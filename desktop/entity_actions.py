"""What the window does with the entity layer: list the articles naming an entity (a click on
a mention), and store the user's corrections of the recogniser through the writer queue."""
from __future__ import annotations

from PySide6.QtCore import QObject


class EntityActions(QObject):
    def __init__(self, window):  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.w = window
        window.article.describe_entity = window.library.entities.describe
        window.article.entity_clicked.connect(self.show_entity)
        window.article.correction.connect(self.correct_entity)
        window.article.compare_requested.connect(self.compare_with)

    def show_entity(self, entity_id: str) -> None:
        """List the articles that name `entity_id` (in any script)."""
        self.w.set_query(f"entity:{entity_id}", now=True)

    def correct_entity(self, kind: str, target, extra: dict) -> None:  # type: ignore[no-untyped-def]
        """Store a correction of the recogniser (a library write) and show the result."""
        article = self.w.article.article
        if article is None:
            return
        extra = extra or {}
        if isinstance(target, tuple):  # (paragraph, start, end, text) of a selection
            paragraph, start, end, text = target
            eid = None
        else:
            paragraph, start, end, text = target.paragraph, target.start, target.end, target.text
            eid = target.entity_id
        ents = self.w.library.entities

        def job():  # type: ignore[no-untyped-def]
            if kind == "merge":
                return ents.correct("merge", article.id, entity_id=eid,
                                    target_id=extra.get("target"))
            return ents.correct(kind, article.id, paragraph, start, end, text=text,
                                type_=extra.get("type"), name=extra.get("name"),
                                entity_id=None if kind != "reject" else eid)

        self.w.writer.run(job, lambda _m: self._corrected(article.id), self.w._write_failed_exc)

    def _corrected(self, article_id: str) -> None:
        bar = self.w.article.text.verticalScrollBar()
        pos = bar.value()
        self.w.open_article(article_id)
        bar.setValue(pos)
        self.w.statusBar().showMessage("Correction saved; it is kept in the library.", 4000)

    def compare_with(self) -> None:
        """Pick a counterpart of the open article and open the Compare view."""
        from .compare_picker import ComparePicker
        from .compare_window import CompareWindow

        article = self.w.article.article
        if article is None:
            self.w.statusBar().showMessage("Open an article first.", 4000)
            return
        picker = ComparePicker(self.w.library, self.w.reader, article.id, self.w)
        self.w.picker = picker
        if picker.exec() and picker.chosen():
            win = CompareWindow(self.w.library, self.w.reader, self.w.fonts, self.w.colors,
                                self.w)
            self.w.compare_window = win
            win.compare(article.id, picker.chosen())
            win.show()
