#pragma once

#include "session/session.h"

#include <QColor>
#include <QPalette>

namespace sockeye {

/**
 * Every colour the GUI picks itself, for light and dark palettes, in one place. Everything else
 * comes from the palette. A palette is dark when the colour it paints behind text is: the
 * window for widgets and dialogs, the base for item views (the traffic view and what draws next
 * to it).
 */
namespace Theme {

/// True when the palette's window colour is dark (lightness below 128).
[[nodiscard]] bool isDark(const QPalette &palette);
/// True when the palette's base colour (behind the text of item views and fields) is dark.
[[nodiscard]] bool isDarkBase(const QPalette &palette);

/// Text of an error sentence (a validation message, a failed send).
[[nodiscard]] QColor errorText(const QPalette &palette);
/// `palette` with its window text in errorText(): for a dialog's error line.
[[nodiscard]] QPalette errorTextPalette(QPalette palette);
/// Background of a field whose value is rejected, and of the session's error banner.
[[nodiscard]] QColor errorBase(const QPalette &palette);
/// Text on errorBase() (the session's error banner).
[[nodiscard]] QColor errorBaseText(const QPalette &palette);
/// The wave underline (and, translucent, the background) under a character that does not
/// parse in the send composer; the same on light and dark palettes.
[[nodiscard]] QColor errorMark();
/// Background of a warning that is not an error (what a capture reader warned about).
[[nodiscard]] QColor warningBase(const QPalette &palette);
/// Text of a warning that is not an error: a TLS connection that is not verified.
[[nodiscard]] QColor warningText(const QPalette &palette);
/// The dot of the status bar's recording indicator, as an HTML colour name.
[[nodiscard]] QString recordingDot(const QPalette &palette);

/// The colour of a session's state line: green when it listens, is connected or bound, amber
/// on the way there, the disabled text colour when idle.
[[nodiscard]] QColor stateColor(Session::State state, const QPalette &palette);

/// The traffic view's colours (on its base colour), shared by the rate graph.
[[nodiscard]] QColor receivedText(const QPalette &palette);
[[nodiscard]] QColor sentText(const QPalette &palette);
[[nodiscard]] QColor eventText(const QPalette &palette);
[[nodiscard]] QColor trafficErrorText(const QPalette &palette);

/// The accent colours of the tinted icons.
enum class Accent { Blue, Green, Red, Orange };
[[nodiscard]] QColor accent(Accent accent, bool dark);

} // namespace Theme

} // namespace sockeye
