#include "widgets/errormark.h"

#include <QCoreApplication>
#include <QInputMethodEvent>
#include <QLineEdit>
#include <QTextDocument>

namespace sockeye::ErrorMark {

namespace {
QTextCharFormat markFormat(const QColor &color, int alpha)
{
    QTextCharFormat format;
    format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    format.setUnderlineColor(color);
    QColor background = color;
    background.setAlpha(alpha);
    format.setBackground(background);
    return format;
}
} // namespace

void markCharacter(QLineEdit *edit, int position, const QColor &color, int alpha)
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (position >= 0 && position < edit->text().size()) {
        attributes << QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                   position - edit->cursorPosition(), 1,
                                                   markFormat(color, alpha));
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(edit, &event);
}

QTextEdit::ExtraSelection characterMark(QTextDocument *document, int position, const QColor &color,
                                        int alpha)
{
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(document);
    mark.cursor.setPosition(qBound(0, position, document->characterCount() - 1));
    mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
    mark.format = markFormat(color, alpha);
    return mark;
}

} // namespace sockeye::ErrorMark
