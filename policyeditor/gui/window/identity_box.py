"""Your identity in Preferences: its name and fingerprint, making one, and exporting its public key.

An identity is a name and an Ed25519 key pair (review/identity.py). The key file's
path is kept in the settings (`user/identity`); the private key stays in the
operating system's keyring, or in that file encrypted with a passphrase when
there is no keyring. Approvals and other version moves made in the window are
signed with it (`unlock_identity`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from policyeditor.core.errors import PolicyError
from policyeditor.review import identity as ids

SETTING = "user/identity"


def identity_path(settings: QSettings) -> Path | None:
    value = str(settings.value(SETTING, "") or "")
    return Path(value) if value else None


def _passphrase(parent: QWidget | None, prompt: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "Passphrase", prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def unlock_identity(settings: QSettings, parent: QWidget | None) -> ids.Identity | None:
    """The identity chosen in Preferences, unlocked (its passphrase asked when it has one).

    None when none is chosen; IdentityError (one sentence) when it cannot be
    unlocked, and when the passphrase is not given.
    """
    path = identity_path(settings)
    if path is None:
        return None
    secret = None
    if ids.needs_passphrase(path):
        secret = _passphrase(parent, f"Passphrase of your identity ({path.name}):")
        if secret is None:
            raise ids.IdentityError("no passphrase given: nothing was signed or changed")
    return ids.load_identity(path, secret)


class IdentityBox(QGroupBox):
    """Shows the identity in use, makes a new one, chooses a key file, exports the public key."""

    def __init__(self, settings: QSettings, name_hint: str, parent: QWidget | None = None) -> None:
        super().__init__("Identity (signs your approvals)", parent)
        self.setObjectName("identityGroup")
        self._name_hint = name_hint
        self.path = identity_path(settings)
        self.shown = QLabel(self, objectName="identityLabel")
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton("&New Identity…", self, objectName="newIdentityButton")
        self.choose_button = QPushButton("&Choose Key File…", self, objectName="chooseIdentityButton")
        self.export_button = QPushButton("E&xport Public Key…", self, objectName="exportPublicKeyButton")
        self.new_button.clicked.connect(self.ask_new)
        self.choose_button.clicked.connect(self.ask_choose)
        self.export_button.clicked.connect(self.ask_export)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.choose_button, self.export_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.shown)
        layout.addLayout(buttons)
        self._show()

    def public(self) -> ids.PublicIdentity | None:
        if self.path is None:
            return None
        try:
            return ids.public_of(self.path)
        except PolicyError:
            return None

    def _show(self) -> None:
        public = self.public()
        if public is None:
            missing = f" ({self.path.name} cannot be read)" if self.path is not None else ""
            self.shown.setText(f"No identity{missing}: your approvals are not signed.")
        else:
            self.shown.setText(f"{public.name}\nFingerprint {ids.grouped(public.fingerprint, 16)}")
        self.shown.setToolTip(str(self.path) if self.path else "")
        self.export_button.setEnabled(public is not None)

    def _tell(self, error: PolicyError) -> None:
        QMessageBox.warning(self, "Identity", str(error))

    # -- the buttons: ask, then do ------------------------------------------------------------

    def ask_new(self) -> None:
        name, ok = QInputDialog.getText(self, "New Identity", "Your name, as others will see it:",
                                        QLineEdit.EchoMode.Normal, self._name_hint)
        if not ok or not name.strip():
            return
        path, _ = QFileDialog.getSaveFileName(self, "Keep the new identity's key file as",
                                              str(Path.home() / name.strip().split()[0].lower()))
        if not path:
            return
        secret = None
        if not ids.keyring_available():
            secret = _passphrase(self, "There is no keyring here: a passphrase to protect the key file:")
            if not secret:
                return
        self.make(name.strip(), Path(path), secret)

    def ask_choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose your identity's key file")
        if path:
            self.choose(Path(path))

    def ask_export(self) -> None:
        public = self.public()
        if public is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export your public key", f"{self.path}.pub",
                                              "Public keys (*.pub)")
        if path:
            self.export(Path(path))

    def make(self, name: str, path: Path, passphrase: str | None) -> bool:
        """Make a new identity at `path` and use it; a refusal is told in one sentence."""
        try:
            ids.new_identity(name, path, passphrase)
        except (PolicyError, OSError) as error:
            self._tell(error if isinstance(error, PolicyError) else PolicyError(
                f"cannot write {path.name}: {error.strerror or error}"))
            return False
        self.path = path
        self._show()
        return True

    def choose(self, path: Path) -> bool:
        try:
            ids.public_of(path)
        except PolicyError as error:
            self._tell(error)
            return False
        self.path = path
        self._show()
        return True

    def export(self, path: Path) -> bool:
        """Write the public key (name and key, one line) to `path`, for an owner's roster or a reader."""
        public = self.public()
        assert public is not None
        try:
            path.write_text(public.pub_line(), encoding="utf-8")
        except OSError as error:
            self._tell(PolicyError(f"cannot write {path.name}: {error.strerror or error}"))
            return False
        return True

    def save(self, settings: QSettings) -> None:
        settings.setValue(SETTING, str(self.path) if self.path else "")
