"""The training fund page: pick a fund and a financial year; see its figures, ledger, burn-down
and spend by category; add, edit and delete entries; import ledger lines; export the
statement of use.

Signals (inherited): data_changed — emitted after this page wrote to the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from maternity_desk.core import fund as core
from maternity_desk.core.money import format_pence
from maternity_desk.core.periods import fy_of
from maternity_desk.core.words import plural
from maternity_desk.exchange.fund import write_statement
from maternity_desk.store import fund as store_fund
from maternity_desk.store import open_store
from maternity_desk.ui import tasks
from maternity_desk.ui.errors import show_error
from maternity_desk.ui.fund.catalogue import CatalogueDialog
from maternity_desk.ui.fund.dialogs import EntryDialog
from maternity_desk.ui.fund.models import CategoryModel, LedgerModel
from maternity_desk.ui.import_wizard import ImportWizard
from maternity_desk.ui.page import Page, select_in
from maternity_desk.ui.save_as import XLSX, ask_save_path
from maternity_desk.ui.table_model import sorting_proxy

CARDS = [
    ("allocated", "Allocated"),
    ("paid", "Paid"),
    ("outstanding", "Outstanding commitments"),
    ("available", "Available"),
    ("places", "Places bought"),
    ("people", "People trained"),
    ("cost", "Cost per person"),
]


class FigureCard(QFrame):
    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("figureCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #555555;")
        self.value = QLabel("-")
        font = self.value.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        self._caption = caption

    def set(self, text: str, *, alarm: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet("color: #b00020;" if alarm else "")
        self.setAccessibleName(f"{self._caption}: {text}")


class FundPage(Page):
    """The training fund ledger for one fund and financial year."""

    title = "Training fund"
    description = "Training fund ledger: allocations, commitments, payments and refunds by financial year"

    def __init__(self, store, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(store, parent)
        from maternity_desk.ui.fund.charts import BurnDownChart, CategoryChart

        self.today = today or date.today()
        self.figures: core.FundFigures | None = None
        self._loading = False
        self._reads = tasks.Latest(self)

        self.fund_combo = QComboBox()
        self.fund_combo.setAccessibleName("Fund")
        self.fund_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.fund_combo.setMinimumContentsLength(30)  # the full fund name at 1366 px
        self.fy_combo = QComboBox()
        self.fy_combo.setAccessibleName("Financial year")
        self.add_button = QPushButton("&Add entry…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.import_button = QPushButton("&Import ledger…")
        self.export_button = QPushButton("E&xport statement…")
        self.catalogue_button = QPushButton("F&unds and categories…")
        for b, name in ((self.add_button, "Add a ledger entry"), (self.edit_button, "Edit the selected entry"),
                        (self.delete_button, "Delete the selected entry"),
                        (self.import_button, "Import ledger lines from a CSV or Excel file"),
                        (self.export_button, "Export the statement of use as an Excel workbook"),
                        (self.catalogue_button, "Edit the funds and the spending categories")):
            b.setAccessibleName(name)
        top = QHBoxLayout()
        fund_label = QLabel("Fu&nd:")
        fund_label.setBuddy(self.fund_combo)
        fy_label = QLabel("Financial &year:")
        fy_label.setBuddy(self.fy_combo)
        top.addWidget(fund_label)
        top.addWidget(self.fund_combo)
        top.addWidget(fy_label)
        top.addWidget(self.fy_combo)
        top.addStretch(1)
        for b in (self.export_button, self.catalogue_button):
            top.addWidget(b)

        cards = QGridLayout()
        cards.setSpacing(6)
        self.card_grid = cards
        self.card_columns = 0
        self.cards: dict[str, FigureCard] = {}
        for key, caption in CARDS:
            self.cards[key] = FigureCard(caption)
        self._place_cards(len(CARDS))

        self.warning = QLabel()
        self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Overspend warning")
        self.warning.hide()

        self.ledger = LedgerModel(self)
        self.proxy = sorting_proxy(self.ledger, self)  # raw-value sort; filter on any column
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter the ledger (any column)…")
        self.filter.setAccessibleName("Filter the ledger")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setAccessibleName("Ledger entries")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LedgerModel.DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for col in (LedgerModel.CATEGORY, LedgerModel.DESCRIPTION, LedgerModel.SUPPLIER):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col, width in ((LedgerModel.DATE, 78), (LedgerModel.KIND, 84), (LedgerModel.AMOUNT, 88),
                           (LedgerModel.REFERENCE, 96), (LedgerModel.COURSE, 58), (LedgerModel.PLACES, 48)):
            self.table.setColumnWidth(col, width)
        self.count_label = QLabel()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        for b in (self.add_button, self.edit_button, self.delete_button, self.import_button):
            row.addWidget(b)
        lv.addLayout(row)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count_label)

        self.burn = BurnDownChart()
        self.category_model = CategoryModel(self)
        self.category_table = QTableView()
        self.category_table.setAccessibleName("Spend by category")
        self.category_table.setModel(self.category_model)
        self.category_table.verticalHeader().hide()
        self.category_table.setWordWrap(False)
        self.category_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.category_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.category_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.category_chart = CategoryChart()
        spend = QSplitter(Qt.Orientation.Vertical)
        spend.addWidget(self.category_chart)
        spend.addWidget(self.category_table)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Charts")
        from maternity_desk.ui.empty import EmptyState

        self.burn_state, self.spend_state = EmptyState(self.burn), EmptyState(spend)
        self.tabs.addTab(self.burn_state, "&Burn-down")
        self.tabs.addTab(self.spend_state, "By &category")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([900, 440])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(self.warning)
        layout.addWidget(split, 1)

        self.fund_combo.currentIndexChanged.connect(self._on_selection_changed)
        self.fy_combo.currentIndexChanged.connect(self._on_selection_changed)
        self.filter.textChanged.connect(self._on_filter)
        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        self.import_button.clicked.connect(self._import)
        self.export_button.clicked.connect(self._export)
        self.catalogue_button.clicked.connect(self._edit_catalogue)
        self.table.activated.connect(lambda _i: self._edit())  # double click or Enter on a row
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    # --- layout ------------------------------------------------------------------------------
    def _place_cards(self, columns: int) -> None:
        """The figure cards in one row, or in two when one row would cut their values off."""
        if columns == self.card_columns:
            return
        self.card_columns = columns
        for card in self.cards.values():
            self.card_grid.removeWidget(card)
        for c in range(len(CARDS)):
            self.card_grid.setColumnStretch(c, 0)
        for i, key in enumerate(self.cards):
            self.card_grid.addWidget(self.cards[key], i // columns, i % columns)
        for c in range(columns):
            self.card_grid.setColumnStretch(c, 1)

    def _fit_cards(self) -> None:
        spacing = self.card_grid.spacing()
        need = sum(card.sizeHint().width() + spacing for card in self.cards.values())
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        self._place_cards(len(CARDS) if need <= room else (len(CARDS) + 1) // 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_cards()

    # --- selection ---------------------------------------------------------------------------
    @property
    def fund_code(self) -> str | None:
        return self.fund_combo.currentData()

    @property
    def fy(self) -> str:
        return self.fy_combo.currentData() or fy_of(self.today)

    def select(self, fund: str, fy: str) -> None:
        """Show ``fund`` (code or name) in financial year ``fy``."""
        code = store_fund.find_fund(self.store, fund).code
        self._loading = True
        try:
            self.fund_combo.setCurrentIndex(self.fund_combo.findData(code))
            i = self.fy_combo.findData(fy)
            if i < 0:
                self.fy_combo.addItem(fy, fy)
                i = self.fy_combo.findData(fy)
            self.fy_combo.setCurrentIndex(i)
        finally:
            self._loading = False
        self._show()

    def refresh(self) -> None:
        """Re-read funds, years and the ledger; keep the current selection if it still exists."""
        keep_fund, keep_fy = self.fund_combo.currentData(), self.fy_combo.currentData()
        self._loading = True
        try:
            self.fund_combo.clear()
            for f in store_fund.funds(self.store):
                self.fund_combo.addItem(f.label + ("" if f.active else " (closed)"), f.code)
            all_entries = store_fund.entries(self.store)
            self.fy_combo.clear()
            for y in core.financial_years(all_entries, self.today):
                self.fy_combo.addItem(y, y)
            if keep_fund is None and all_entries:  # first show: the first fund's latest year with entries
                first = self.fund_combo.itemData(0)
                years = [e.fy for e in all_entries if e.fund_code == first]
                keep_fund, keep_fy = first, (max(years) if years else None)
            if keep_fund is not None and self.fund_combo.findData(keep_fund) >= 0:
                self.fund_combo.setCurrentIndex(self.fund_combo.findData(keep_fund))
            if keep_fy is not None and self.fy_combo.findData(keep_fy) >= 0:
                self.fy_combo.setCurrentIndex(self.fy_combo.findData(keep_fy))
        finally:
            self._loading = False
        self._show()

    def show_target(self, tab: str, key: str | None = None) -> bool:
        from maternity_desk.ui import targets

        return targets.fund(self, tab, key)

    def show_record(self, kind: str, key: str) -> bool:
        entry = next((e for e in store_fund.entries(self.store) if str(e.id) == key), None) if kind == "ledger" else None
        if entry is None:
            return False
        self.filter.clear()
        self.select(entry.fund_code, entry.fy)
        return select_in(self.table, lambda e: e.id == entry.id)

    def _on_selection_changed(self) -> None:
        if not self._loading:
            self._show()

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _show(self) -> None:
        """Read the chosen fund and year (in the background) and show them when read."""
        code, fy = self.fund_code, self.fy
        if code is None:
            self.ledger.set_rows([])
            return
        self._reads.read(self.store, lambda store: _read_fund(store, code, fy),
                         lambda data: self._show_read(code, fy, *data))

    def _show_read(self, code, fy, entries, fig, categories) -> None:
        year = [e for e in entries if e.fy == fy]
        self.figures = fig
        self.ledger.set_rows(year)
        self.cards["allocated"].set(format_pence(fig.allocated_pence))
        self.cards["paid"].set(format_pence(fig.paid_pence))
        self.cards["outstanding"].set(format_pence(fig.outstanding_pence))
        self.cards["available"].set(format_pence(fig.available_pence), alarm=fig.overspent)
        self.cards["places"].set(f"{fig.places:,}")
        self.cards["people"].set(f"{fig.people_trained:,}")
        self.cards["cost"].set(format_pence(fig.cost_per_person_pence) if fig.cost_per_person_pence is not None else "-")
        self._fit_cards()
        if fig.overspent:
            self.warning.setText(
                f"Overspent: {code} {fy} has paid and committed {format_pence(-fig.available_pence)} more "
                "than it was allocated. Check the allocation and the commitments."
            )
            self.warning.show()
        else:
            self.warning.hide()
        self.burn.set_data(core.burn_down(entries, fy), core.ideal_line(entries, fy), f"Available money, {code} {fy}")
        spend = core.spend_by_category(entries, fy, categories)
        self.category_model.set_rows(spend)
        self.category_chart.set_data(spend)
        name = self.fund_combo.currentText()
        if not year:
            self.burn_state.set_empty(f"Nothing is recorded for {name} in {fy} yet. Add its allocation, "
                                      "then commitments and payments as they are made.", "&Add entry…", self._add)
        else:
            self.burn_state.set_empty(None)
        if not any(s.committed_pence or s.paid_pence or s.outstanding_pence for s in spend):
            self.spend_state.set_empty(f"No spending is recorded for {name} in {fy} yet: add a commitment "
                                       "or payment with its category.", "&Add entry…", self._add)
        else:
            self.spend_state.set_empty(None)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.ledger.rowCount()
        self.count_label.setText(f"{total} entr{'y' if total == 1 else 'ies'}" if shown == total
                                 else f"{shown} of {total} entries match the filter")

    def _update_buttons(self) -> None:
        has = self._selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.export_button.setEnabled(self.fund_code is not None)

    def _selected(self) -> core.LedgerEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.ledger.entry(self.proxy.mapToSource(rows[0]).row())

    # --- editing ------------------------------------------------------------------------------
    def _dialog(self, entry: core.LedgerEntry | None):
        start = date(int(self.fy[:4]), 4, 1)
        end = date(int(self.fy[:4]) + 1, 3, 31)
        default_day = min(max(self.today, start), end)
        return EntryDialog(store_fund.funds(self.store), store_fund.categories(self.store),
                           store_fund.courses(self.store), entry=entry, fund_code=self.fund_code,
                           on_date=default_day, parent=self)

    def _add(self) -> None:
        dialog = self._dialog(None)
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.entry:
            self._write(lambda: store_fund.add_entry(self.store, dialog.entry), dialog.entry)

    def _edit(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        dialog = self._dialog(entry)
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.entry:
            self._write(lambda: store_fund.update_entry(self.store, dialog.entry), dialog.entry)

    def _delete(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        linked = store_fund.linked_sessions(self.store, entry.id)
        extra = f"\n\n{plural(len(linked), 'training session')} paid for by it will be unlinked." if linked else ""
        answer = QMessageBox.question(
            self, "Delete entry",
            f"Delete the {entry.kind} of {format_pence(entry.amount_pence)} on {entry.date:%d/%m/%Y} "
            f"({entry.description or 'no description'})?{extra}",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda: store_fund.delete_entry(self.store, entry.id), None)

    def _write(self, fn, entry: core.LedgerEntry | None) -> None:
        before = None
        if entry is not None:
            before = store_fund.figures(self.store, entry.fund_code, entry.fy).overspent
        try:
            fn()
        except Exception as exc:
            show_error(self, exc, "The entry was not saved")
            return
        if entry is not None:
            after = store_fund.figures(self.store, entry.fund_code, entry.fy)
            if after.overspent and not before:
                QMessageBox.warning(
                    self, "Overspent",
                    f"Saved. {entry.fund_code} {entry.fy} is now overspent by {format_pence(-after.available_pence)}.",
                )
            if self.fy_combo.findData(entry.fy) < 0:
                self.fy_combo.addItem(entry.fy, entry.fy)
        self.refresh()
        self.data_changed.emit()

    def _edit_catalogue(self) -> None:
        dialog = CatalogueDialog(self.store, self)
        dialog.exec()
        if dialog.changed:
            self.refresh()
            self.data_changed.emit()

    # --- files --------------------------------------------------------------------------------
    def _import(self) -> None:
        wizard = ImportWizard(self.store, "ledger", self)
        wizard.imported.connect(self._imported)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    def _imported(self, _plan) -> None:
        self.refresh()
        self.data_changed.emit()

    def _export(self) -> None:
        code, fy = self.fund_code, self.fy
        if code is None:
            return
        suggested = f"statement-of-use-{code}-{fy.replace('/', '-')}.xlsx"
        path = ask_save_path(self, "Export statement of use", suggested, XLSX)
        if path is None:
            return
        self._export_to(Path(path), code, fy)

    def _export_to(self, path: Path, code: str, fy: str) -> None:
        db, prepared = self.store.path, self.today

        def work():  # its own connection: SQLite connections stay on their thread

            store = open_store(db, migrate=False, backups=False)
            try:
                return write_statement(store, code, fy, path, prepared=prepared)
            finally:
                store.close()

        def done(written) -> None:
            QMessageBox.information(self, "Statement exported", f"The statement of use was written to {written}.")

        tasks.run_task(self, work, done, lambda exc: show_error(self, exc, "The statement was not exported"),
                       label="Writing the statement…")


def _read_fund(store, code: str, fy: str) -> tuple:
    """One fund's ledger, figures for the year and the spending categories (on a worker)."""
    return store_fund.entries(store, code), store_fund.figures(store, code, fy), store_fund.categories(store)
