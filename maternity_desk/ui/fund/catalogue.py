"""Editing the funds and the spending categories (every change audited through the store)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from maternity_desk.core import fund as core
from maternity_desk.store import fund as store_fund
from maternity_desk.ui.errors import show_error


class CatalogueDialog(QDialog):
    """Funds (add, rename, close/reopen) and categories (add, rename, delete when unused).
    ``changed`` is True after anything was saved."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle("Funds and spending categories")
        self.fund_list = QListWidget()
        self.fund_list.setAccessibleName("Funds")
        self.category_list = QListWidget()
        self.category_list.setAccessibleName("Spending categories")
        self.add_fund = QPushButton("&Add fund…")
        self.rename_fund = QPushButton("&Rename fund…")
        self.toggle_fund = QPushButton("Close / re&open fund")
        self.add_category = QPushButton("Add ca&tegory…")
        self.rename_category = QPushButton("Re&name category…")
        self.delete_category = QPushButton("&Delete category")
        for b in (self.add_fund, self.rename_fund, self.toggle_fund, self.add_category, self.rename_category,
                  self.delete_category):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            b.setAutoDefault(False)
        funds_box = QGroupBox("Funds")
        g = QGridLayout(funds_box)
        g.addWidget(self.fund_list, 0, 0, 1, 3)
        for i, b in enumerate((self.add_fund, self.rename_fund, self.toggle_fund)):
            g.addWidget(b, 1, i)
        cats_box = QGroupBox("Spending categories")
        g = QGridLayout(cats_box)
        g.addWidget(self.category_list, 0, 0, 1, 3)
        for i, b in enumerate((self.add_category, self.rename_category, self.delete_category)):
            g.addWidget(b, 1, i)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(funds_box)
        layout.addWidget(cats_box)
        layout.addWidget(buttons)
        self.add_fund.clicked.connect(self._add_fund)
        self.rename_fund.clicked.connect(self._rename_fund)
        self.toggle_fund.clicked.connect(self._toggle_fund)
        self.add_category.clicked.connect(self._add_category)
        self.rename_category.clicked.connect(self._rename_category)
        self.delete_category.clicked.connect(self._delete_category)
        self._load()

    def _load(self) -> None:
        self.fund_list.clear()
        for f in store_fund.funds(self.store):
            item = QListWidgetItem(f.label + ("" if f.active else " (closed)"))
            item.setData(Qt.ItemDataRole.UserRole, f)
            self.fund_list.addItem(item)
        self.category_list.clear()
        for c in store_fund.categories(self.store):
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.category_list.addItem(item)

    def _current(self, widget: QListWidget):
        item = widget.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _run(self, fn) -> None:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc, "Not saved")
            return
        self.changed = True
        self._load()

    def _add_fund(self) -> None:
        code, ok = QInputDialog.getText(self, "Add fund", "Fund code (e.g. HEE):")
        if not ok:
            return
        name, ok = QInputDialog.getText(self, "Add fund", "Fund name:")
        if ok:
            self._run(lambda: store_fund.save_fund(self.store, core.Fund(code, name)))

    def _rename_fund(self) -> None:
        f = self._current(self.fund_list)
        if f is None:
            return
        name, ok = QInputDialog.getText(self, "Rename fund", f"New name for {f.code}:", text=f.name)
        if ok:
            self._run(lambda: store_fund.save_fund(self.store, core.Fund(f.code, name, f.active), original_code=f.code))

    def _toggle_fund(self) -> None:
        f = self._current(self.fund_list)
        if f is not None:
            self._run(lambda: store_fund.save_fund(self.store, core.Fund(f.code, f.name, not f.active),
                                                   original_code=f.code))

    def _add_category(self) -> None:
        name, ok = QInputDialog.getText(self, "Add category", "Category name:")
        if ok:
            last = max((c.sort_order for c in store_fund.categories(self.store)), default=0)
            self._run(lambda: store_fund.save_category(self.store, name, last + 10))

    def _rename_category(self) -> None:
        c = self._current(self.category_list)
        if c is None:
            return
        name, ok = QInputDialog.getText(self, "Rename category", "New name:", text=c.name)
        if ok:
            self._run(lambda: store_fund.save_category(self.store, name, c.sort_order, original=c.name))

    def _delete_category(self) -> None:
        c = self._current(self.category_list)
        if c is not None:
            self._run(lambda: store_fund.delete_category(self.store, c.name))
