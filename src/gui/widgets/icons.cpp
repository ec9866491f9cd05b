#include "widgets/icons.h"

#include "widgets/theme.h"

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
    Theme::Accent accent;
};

IconInfo info(Icons::Name name)
{
    using Theme::Accent;
    switch (name) {
    case Icons::NewSession:
        return {"new-session", Accent::Green};
    case Icons::Start:
        return {"start", Accent::Green};
    case Icons::Stop:
        return {"stop", Accent::Red};
    case Icons::Connect:
        return {"connect", Accent::Green};
    case Icons::Disconnect:
        return {"disconnect", Accent::Red};
    case Icons::Send:
        return {"send", Accent::Blue};
    case Icons::Pause:
        return {"pause", Accent::Blue};
    case Icons::Resume:
        return {"resume", Accent::Blue};
    case Icons::Clear:
        return {"clear", Accent::Blue};
    case Icons::Search:
        return {"search", Accent::Blue};
    case Icons::Open:
        return {"open", Accent::Blue};
    case Icons::Save:
        return {"save", Accent::Blue};
    case Icons::Server:
        return {"server", Accent::Green};
    case Icons::Client:
        return {"client", Accent::Blue};
    case Icons::Udp:
        return {"udp", Accent::Orange};
    case Icons::Preset:
        return {"preset", Accent::Blue};
    case Icons::Repeat:
        return {"repeat", Accent::Blue};
    case Icons::File:
        return {"file", Accent::Blue};
    }
    return {"new-session", Accent::Blue};
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
        const bool dark = Theme::isDark(palette);
        const QColor fg = palette.color(
            mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Normal, QPalette::WindowText);
        if (mode == QIcon::Disabled)
            return {fg, fg};
        return {fg, Theme::accent(info(*m_tint).accent, dark)};
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
