#pragma once

#include "traffic/exporter.h"
#include "ui_exportdialog.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QRadioButton;

namespace sockeye {

/// What to export, how, and where.
struct ExportRequest
{
    enum class Scope {
        All,       ///< every record of the log (or of the opened capture)
        View,      ///< what the traffic view shows: its session, peer and direction filters
        Selection, ///< the records selected in the traffic view
        Recording  ///< the recording file, including what the log already evicted
    };

    Scope scope = Scope::All;
    Exporter::Format format = Exporter::Format::Text;
    Exporter::RawLayout rawLayout = Exporter::RawLayout::OneFile;
    bool includeEvents = true;
    QString encoding = QStringLiteral("UTF-8");
    QString path;
};

/**
 * Asks what to export (everything, the view's filter, the selection, or the recording) and in
 * which format; the file name is asked for afterwards, with the format's suffix. The layout is
 * the Designer form ui/exportdialog.ui; the choices and their values are filled in here.
 */
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(QWidget *parent = nullptr);

    /// Describes each scope ("" disables it): e.g. "TCP server :7000, peer 127.0.0.1:5000".
    void setScopeText(ExportRequest::Scope scope, const QString &text);
    void setRequest(const ExportRequest &request);
    [[nodiscard]] ExportRequest request() const;

    [[nodiscard]] QComboBox *formatBox() const { return ui.format; }
    [[nodiscard]] QRadioButton *scopeButton(ExportRequest::Scope scope) const;

    /// "Text log (*.txt)" and the like, for the file dialog.
    [[nodiscard]] static QString fileFilter(Exporter::Format format);

private:
    void updateEnabled();
    /// The note under the format for this format and scope.
    [[nodiscard]] static QString note(Exporter::Format format, bool recording);
    void reserveNoteRoom();
    /// "&All traffic" and the others, without what setScopeText() adds.
    [[nodiscard]] static QString scopeName(ExportRequest::Scope scope);

    Ui::ExportDialog ui;
    QButtonGroup *m_scopes;
};

} // namespace sockeye
