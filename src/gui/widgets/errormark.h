#pragma once

#include <QTextEdit>

class QColor;
class QLineEdit;
class QTextDocument;

namespace sockeye {

/// Marks the one character where a typed value stops making sense: a wave underline in
/// `color` over a translucent background of the same colour (`alpha` of 255).
namespace ErrorMark {

/// Marks a character of a line edit (or clears the mark when `position` is -1). QLineEdit has
/// no extra selections; an empty input method event carrying a text format is the documented
/// way to format part of its text.
void markCharacter(QLineEdit *edit, int position, const QColor &color, int alpha);

/// The extra selection that marks a character of a document (a QPlainTextEdit's).
[[nodiscard]] QTextEdit::ExtraSelection characterMark(QTextDocument *document, int position,
                                                      const QColor &color, int alpha);

} // namespace ErrorMark

} // namespace sockeye
