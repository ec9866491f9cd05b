#include "widgets/icons.h"

#include <QApplication>
#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>
#include <QSvgRenderer>

#include <optional>

namespace sockeye {

namespace {

struct IconInfo
{
    const char *file;
    QColor lightAccent; ///< accent on a light palette
    QColor darkAccent;  ///< accent on a dark palette
};

IconInfo info(Icons::Name name)
{
    const QColor blue(0x1d, 0x5f, 0xa8);
    const QColor lightBlue(0x6c, 0xb6, 0xff);
    const QColor green(0x1e, 0x8e, 0x3e);
    const QColor lightGreen(0x5c, 0xd6, 0x7a);
    const QColor red(0xc0, 0x1c, 0x28);
    const QColor lightRed(0xff, 0x7a, 0x7a);
    switch (name) {
    case Icons::NewSession:
        return {"new-session", green, lightGreen};
    case Icons::Start:
        return {"start", green, lightGreen};
    case Icons::Stop:
        return {"stop", red, lightRed};
    case Icons::Connect:
        return {"connect", green, lightGreen};
    case Icons::Disconnect:
        return {"disconnect", red, lightRed};
    case Icons::Send:
        return {"send", blue, lightBlue};
    case Icons::Pause:
        return {"pause", blue, lightBlue};
    case Icons::Resume:
        return {"resume", blue, lightBlue};
    case Icons::Clear:
        return {"clear", blue, lightBlue};
    case Icons::Search:
        return {"search", blue, lightBlue};
    case Icons::Open:
        return {"open", blue, lightBlue};
    case Icons::Save:
        return {"save", blue, lightBlue};
    case Icons::Server:
        return {"server", green, lightGreen};
    case Icons::Client:
        return {"client", blue, lightBlue};
    case Icons::Udp:
        return {"udp", QColor(0xa8, 0x4b, 0x00), QColor(0xff, 0xb0, 0x57)};
    case Icons::Preset:
        return {"preset", blue, lightBlue};
    case Icons::Repeat:
        return {"repeat", blue, lightBlue};
    case Icons::File:
        return {"file", blue, lightBlue};
    }
    return {"new-session", blue, lightBlue};
}

// Renders an SVG from the resources. An icon's template has the placeholders @fg and @accent,
// filled in from the application palette whenever it is drawn, so it follows light and dark
// themes; the application icon has fixed colours. Drawing it ourselves also keeps Qt from loading
// its SVG icon engine and every image format plugin at start-up.
class SvgEngine : public QIconEngine
{
public:
    explicit SvgEngine(Icons::Name name)
        : SvgEngine(QLatin1String(info(name).file))
    {
        m_tint = name;
    }
    explicit SvgEngine(const QString &file)
        : m_file(file)
    {
        QFile svg(QStringLiteral(":/icons/%1.svg").arg(file));
        if (svg.open(QIODevice::ReadOnly))
            m_template = svg.readAll();
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(svgFor(mode));
        renderer.render(painter, QRectF(rect));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        // Buttons ask for their pixmap on every paint; render each size, mode and palette once.
        const QString key = QStringLiteral("sockeye-icon:%1:%2x%3:%4:%5")
                                .arg(m_file)
                                .arg(size.width())
                                .arg(size.height())
                                .arg(int(mode))
                                .arg(m_tint ? colours(mode).key() : QString());
        QPixmap pixmap;
        if (QPixmapCache::find(key, &pixmap))
            return pixmap;
        pixmap = QPixmap(size);
        pixmap.fill(Qt::transparent);
        {
            QPainter painter(&pixmap);
            paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        }
        QPixmapCache::insert(key, pixmap);
        return pixmap;
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap pixmap = this->pixmap(size * scale, mode, state);
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

    QIconEngine *clone() const override { return new SvgEngine(*this); }
    QString key() const override { return QStringLiteral("sockeye-svg"); }

private:
    struct Colours
    {
        QColor fg;
        QColor accent;
        [[nodiscard]] QString key() const { return fg.name() + QLatin1Char(',') + accent.name(); }
    };

    // The foreground and accent colours of a tinted icon in a mode, from the palette.
    Colours colours(QIcon::Mode mode) const
    {
        const QPalette palette = QApplication::palette();
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        const QColor fg = palette.color(
            mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Normal, QPalette::WindowText);
        if (mode == QIcon::Disabled)
            return {fg, fg};
        return {fg, dark ? info(*m_tint).darkAccent : info(*m_tint).lightAccent};
    }

    QByteArray svgFor(QIcon::Mode mode) const
    {
        if (!m_tint)
            return m_template;
        const Colours c = colours(mode);
        QByteArray svg = m_template;
        svg.replace("@fg", c.fg.name().toLatin1());
        svg.replace("@accent", c.accent.name().toLatin1());
        return svg;
    }

    QString m_file;
    QByteArray m_template;
    std::optional<Icons::Name> m_tint; ///< tinted from the palette; the app icon is not
};

} // namespace

QIcon Icons::icon(Name name)
{
    return QIcon(new SvgEngine(name));
}

QIcon Icons::appIcon()
{
    return QIcon(new SvgEngine(QStringLiteral("sockeye")));
}

} // namespace sockeye
