#pragma once

#include "workspace/sessionsetup.h"

#include <QWidget>

#include <optional>

namespace sockeye {

class Session;
class SessionController;
class SessionPanel;

/**
 * One session's tab. Its SessionController (framing, rules, periodic send) exists from the
 * start; its SessionPanel is made only when the tab is first shown or the session is started.
 * A panel is milliseconds of widgets, which in a workspace of a thousand sessions was most of
 * the time it took to open. Until the panel exists the page answers for it: the setup to save
 * and the tab's title, both straight from the session and its controller.
 */
class SessionPage : public QWidget
{
    Q_OBJECT
public:
    explicit SessionPage(Session *session, QWidget *parent = nullptr);
    ~SessionPage() override;

    [[nodiscard]] Session *session() const { return m_session; }
    [[nodiscard]] SessionController *controller() const { return m_controller; }
    /// The panel, made now if it was not yet.
    SessionPanel *panel();
    /// The panel if it has been made, else nullptr.
    [[nodiscard]] SessionPanel *madePanel() const { return m_panel; }

    /// Applies a saved session's framing, rules and periodic send (SessionController::apply());
    /// the panel shows what was refused once it is made. Returns the problems.
    QStringList applySetup(const SessionSetup &setup);
    /// The session as it is to be saved (the panel's controls once it exists).
    [[nodiscard]] SessionSetup setup() const;
    /// The tab's title: "TCP server :7000".
    [[nodiscard]] QString title() const;
    /// Starts or stops, like the panel's button (a running session always has its panel).
    void toggleStart();

signals:
    void panelMade(SessionPanel *panel);
    /// State or title changed (update the tab).
    void titleChanged();
    /// The settings changed (persist them).
    void configChanged();

protected:
    void showEvent(QShowEvent *event) override;

private:
    Session *m_session;
    SessionController *m_controller;
    SessionPanel *m_panel = nullptr;
    std::optional<SessionSetup> m_applied; ///< shown by the panel when it is made
};

} // namespace sockeye
