#include "icons.h"

#include <QApplication>
#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

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

// Renders an SVG template whose colours are the placeholders @fg and @accent, filled in from
// the application palette whenever the icon is painted.
class TintedSvgEngine : public QIconEngine
{
public:
    explicit TintedSvgEngine(Icons::Name name)
        : m_name(name)
    {
        QFile file(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(info(name).file)));
        if (file.open(QIODevice::ReadOnly))
            m_template = file.readAll();
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QApplication::palette();
        const bool dark = palette.color(QPalette::Window).lightness() < 128;
        QColor fg = palette.color(mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Normal,
                                  QPalette::WindowText);
        QColor accent = dark ? info(m_name).darkAccent : info(m_name).lightAccent;
        if (mode == QIcon::Disabled)
            accent = fg;
        QByteArray svg = m_template;
        svg.replace("@fg", fg.name().toLatin1());
        svg.replace("@accent", accent.name().toLatin1());
        QSvgRenderer renderer(svg);
        renderer.render(painter, QRectF(rect));
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap pixmap = this->pixmap(size * scale, mode, state);
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

    QIconEngine *clone() const override { return new TintedSvgEngine(m_name); }
    QString key() const override { return QStringLiteral("sockeye-tinted-svg"); }

private:
    Icons::Name m_name;
    QByteArray m_template;
};

} // namespace

QIcon Icons::icon(Name name)
{
    return QIcon(new TintedSvgEngine(name));
}

QIcon Icons::appIcon()
{
    return QIcon(QStringLiteral(":/icons/sockeye.svg"));
}

} // namespace sockeye
