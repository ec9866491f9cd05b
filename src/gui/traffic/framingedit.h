#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;

namespace sockeye {

/**
 * Chooses how a received byte stream is cut into frames: a drop-down for the kind (each chunk,
 * delimiter, idle gap, fixed length, length prefix) and a line edit with the spec itself, in
 * the syntax of docs/PAYLOAD.md and sockeye-cli --framing (`delim:\r\n`, `idle:20`, `fixed:8`,
 * `prefix:2be`). Picking a kind fills in an example; typing a spec moves the drop-down along.
 * Every keystroke is checked with Framer::create(): a bad spec is marked and its sentence is
 * available from error(); specEdited() is emitted only for valid specs.
 */
class FramingEdit : public QWidget
{
    Q_OBJECT
public:
    explicit FramingEdit(QWidget *parent = nullptr);

    /// The spec as typed ("" for each chunk as it came), valid or not.
    [[nodiscard]] QString spec() const;
    /// Shows a spec (without emitting specEdited()).
    void setSpec(const QString &spec);
    /// Why the typed spec is invalid, or "".
    [[nodiscard]] QString error() const { return m_error; }

    [[nodiscard]] QComboBox *kindBox() const { return m_kind; }
    [[nodiscard]] QLineEdit *specEdit() const { return m_edit; }

signals:
    /// The user changed the framing to this valid spec ("" for none).
    void specEdited(const QString &spec);
    /// The error sentence changed ("" once the spec is valid again).
    void errorChanged(const QString &error);

private:
    void onKindChosen(int index);
    void onTextEdited();
    void validate();
    void syncKindToText();

    QComboBox *m_kind;
    QLineEdit *m_edit;
    QString m_error;
};

} // namespace sockeye
