#include "widgets/theme.h"

namespace sockeye::Theme {

namespace {
QColor pick(bool dark, QColor onDark, QColor onLight)
{
    return dark ? onDark : onLight;
}
} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

bool isDarkBase(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor errorText(const QPalette &palette)
{
    return pick(isDark(palette), QColor(0xff, 0x7a, 0x7a), QColor(0xc0, 0x1c, 0x28));
}

QPalette errorTextPalette(QPalette palette)
{
    palette.setColor(QPalette::WindowText, errorText(palette));
    return palette;
}

QColor errorBase(const QPalette &palette)
{
    return pick(isDark(palette), QColor(0x5c, 0x1a, 0x1f), QColor(0xfd, 0xe4, 0xe4));
}

QColor errorBaseText(const QPalette &palette)
{
    return pick(isDark(palette), QColor(0xff, 0xd6, 0xd6), QColor(0x7a, 0x0e, 0x16));
}

QColor errorMark()
{
    return QColor(0xe0, 0x1b, 0x24);
}

QColor warningBase(const QPalette &palette)
{
    return pick(isDark(palette), QColor(0x4a, 0x3b, 0x0c), QColor(0xff, 0xf4, 0xd0));
}

QString recordingDot(const QPalette &palette)
{
    return isDark(palette) ? QStringLiteral("#ff6b6b") : QStringLiteral("#c01c28");
}

QColor warningText(const QPalette &palette)
{
    return pick(isDark(palette), QColor(0xff, 0x9f, 0x43), QColor(0xb0, 0x4a, 0x00));
}

QColor stateColor(Session::State state, const QPalette &palette)
{
    switch (state) {
    case Session::State::Listening:
    case Session::State::Connected:
    case Session::State::Bound:
        return pick(isDark(palette), QColor(0x5c, 0xd6, 0x7a), QColor(0x1e, 0x8e, 0x3e));
    case Session::State::Resolving:
    case Session::State::Connecting:
    case Session::State::Reconnecting:
    case Session::State::Closing:
        return pick(isDark(palette), QColor(0xf5, 0xc2, 0x11), QColor(0x9a, 0x67, 0x00));
    case Session::State::Idle:
        break;
    }
    return palette.color(QPalette::Disabled, QPalette::WindowText);
}

QColor receivedText(const QPalette &palette)
{
    return pick(isDarkBase(palette), QColor(0x6c, 0xb6, 0xff), QColor(0x0b, 0x5c, 0xad));
}

QColor sentText(const QPalette &palette)
{
    return pick(isDarkBase(palette), QColor(0xff, 0xb0, 0x57), QColor(0xa8, 0x4b, 0x00));
}

QColor eventText(const QPalette &palette)
{
    return pick(isDarkBase(palette), QColor(0xc3, 0xa6, 0xff), QColor(0x6a, 0x3d, 0xb8));
}

QColor trafficErrorText(const QPalette &palette)
{
    return pick(isDarkBase(palette), QColor(0xff, 0x7a, 0x7a), QColor(0xc0, 0x1c, 0x28));
}

QColor accent(Accent accent, bool dark)
{
    switch (accent) {
    case Accent::Blue:
        return pick(dark, QColor(0x6c, 0xb6, 0xff), QColor(0x1d, 0x5f, 0xa8));
    case Accent::Green:
        return pick(dark, QColor(0x5c, 0xd6, 0x7a), QColor(0x1e, 0x8e, 0x3e));
    case Accent::Red:
        return pick(dark, QColor(0xff, 0x7a, 0x7a), QColor(0xc0, 0x1c, 0x28));
    case Accent::Orange:
        return pick(dark, QColor(0xff, 0xb0, 0x57), QColor(0xa8, 0x4b, 0x00));
    }
    return {};
}

} // namespace sockeye::Theme
