#pragma once

#include <QIcon>

namespace sockeye {

/// The application's SVG icons (resources/icons), drawn in the palette's text colour at paint
/// time so they stay crisp at any scale and readable in light and dark themes.
class Icons
{
public:
    enum Name {
        NewSession,
        Start,
        Stop,
        Connect,
        Disconnect,
        Send,
        Pause,
        Resume,
        Clear,
        Search,
        Open,
        Save,
        Server,
        Client,
        Udp,
        Preset,
        Repeat,
        File
    };

    [[nodiscard]] static QIcon icon(Name name);
    /// The application icon (fixed colours).
    [[nodiscard]] static QIcon appIcon();
};

} // namespace sockeye
